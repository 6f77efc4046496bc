using Jamforelse.GoalCatalog;
using Jamforelse.ServiceDefaults;
using Jamforelse.ServiceDefaults.Identity;
using Jamforelse.ServiceDefaults.Messaging;

// The goal-catalog service as its own process; it checks key figures and areas with the indicator-data service.
var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("jamforelse-goal-catalog");
builder.AddGoalCatalog();
builder.AddGoalCatalogDirectoryOverHttp();
builder.AddMessaging();

var app = builder.Build();
app.MapDefaultEndpoints();
app.UseSignedIdentity();
app.MapGoalCatalogApi();
app.Run();
