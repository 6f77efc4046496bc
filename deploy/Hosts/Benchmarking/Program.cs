using Jamforelse.Benchmarking;
using Jamforelse.ServiceDefaults;
using Jamforelse.ServiceDefaults.Identity;
using Jamforelse.ServiceDefaults.Messaging;

// The benchmarking service as its own process; it reads values and plans from the other two services.
var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("jamforelse-benchmarking");
builder.AddBenchmarking();
builder.AddBenchmarkingSourcesOverHttp();
builder.AddMessaging();

var app = builder.Build();
app.MapDefaultEndpoints();
app.UseSignedIdentity();
app.MapBenchmarkingApi();
app.Run();
