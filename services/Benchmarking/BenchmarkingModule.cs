using Jamforelse.ServiceDefaults.Identity;
using Jamforelse.Benchmarking.Endpoints;
using Jamforelse.Benchmarking.Messaging;
using Jamforelse.Benchmarking.Recomputing;
using Jamforelse.Benchmarking.Storage;
using Jamforelse.Benchmarking.Sources;
using Jamforelse.ServiceDefaults;
using Jamforelse.ServiceDefaults.Http;
using Jamforelse.ServiceDefaults.Messaging;
using Jamforelse.ServiceDefaults.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Jamforelse.Benchmarking;

/// <summary>
/// The benchmarking service as a module. The host also registers an <see cref="Sources.IIndicatorSource"/>
/// and an <see cref="Sources.IPlanSource"/>: in process in the embedded platform, over HTTP when distributed.
/// </summary>
public static class BenchmarkingModule
{
    public const string StoreName = "benchmarking";

    public static IHostApplicationBuilder AddBenchmarking(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        // Answers only requests with a signed identity for "benchmarking" (made by the gateway).
        builder.AddSignedIdentity("/api/benchmarking", "benchmarking");
        builder.BindValidated<BenchmarkingOptions>(BenchmarkingOptions.Section);
        builder.AddDocumentStore(StoreName);
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<BenchmarkingStore>();
        builder.Services.AddSingleton<AreaDirectory>();
        builder.Services.AddSingleton<Recomputer>();
        builder.Services.AddSingleton<BenchmarkingStartup>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<BenchmarkingStartup>());
        builder.Services.AddHealthChecks().AddCheck<BenchmarkingStartup>("benchmarking:recomputed", tags: [ServiceDefaultsExtensions.ReadyTag]);
        builder.Services.AddBusRegistration(bus =>
        {
            bus.AddConsumer<IndicatorValuesChangedConsumer>();
            bus.AddConsumer<PlanChangedConsumer>();
        });
        return builder;
    }

    /// <summary>
    /// The sources over HTTP, for a host that runs benchmarking on its own: the indicator-data and goal-catalog
    /// services at Services:IndicatorData and Services:GoalCatalog, called with benchmarking's signed identity.
    /// </summary>
    public static IHostApplicationBuilder AddBenchmarkingSourcesOverHttp(this IHostApplicationBuilder builder)
    {
        builder.AddServiceCalls("benchmarking", HttpIndicatorSource.Service);
        builder.AddServiceCalls("benchmarking", HttpPlanSource.Service);
        builder.Services.AddSingleton<IIndicatorSource, HttpIndicatorSource>();
        builder.Services.AddSingleton<IPlanSource, HttpPlanSource>();
        return builder;
    }

    public static IEndpointRouteBuilder MapBenchmarkingApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/benchmarking");
        api.MapComparisonEndpoints();
        api.MapAssessmentEndpoints();
        api.MapPeerGroupEndpoints();
        return endpoints;
    }
}
