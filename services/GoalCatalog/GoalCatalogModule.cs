using Jamforelse.ServiceDefaults.Identity;
using Jamforelse.GoalCatalog.Catalogs;
using Jamforelse.GoalCatalog.Endpoints;
using Jamforelse.GoalCatalog.Storage;
using Jamforelse.ServiceDefaults;
using Jamforelse.ServiceDefaults.Http;
using Jamforelse.ServiceDefaults.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Jamforelse.GoalCatalog;

/// <summary>
/// The goal-catalog service as a module that a host adds and maps. The host also registers an
/// <see cref="IIndicatorDirectory"/>: in process in the embedded platform, over HTTP when distributed.
/// </summary>
public static class GoalCatalogModule
{
    public const string StoreName = "goal-catalog";

    public static IHostApplicationBuilder AddGoalCatalog(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        // Answers only requests with a signed identity for "goal-catalog" (made by the gateway).
        builder.AddSignedIdentity("/api/goal-catalog", "goal-catalog");
        builder.BindValidated<GoalCatalogOptions>(GoalCatalogOptions.Section);
        builder.AddDocumentStore(StoreName);
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<GoalCatalogStore>();
        builder.Services.AddSingleton<CatalogService>();
        builder.Services.AddHostedService<GoalCatalogStartup>();
        return builder;
    }

    /// <summary>
    /// The indicator directory over HTTP, for a host that runs the goal catalog on its own: the indicator-data
    /// service at Services:IndicatorData, called with the goal catalog's signed identity.
    /// </summary>
    public static IHostApplicationBuilder AddGoalCatalogDirectoryOverHttp(this IHostApplicationBuilder builder)
    {
        builder.AddServiceCalls("goal-catalog", HttpIndicatorDirectory.Service);
        builder.Services.AddSingleton<IIndicatorDirectory, HttpIndicatorDirectory>();
        return builder;
    }

    public static IEndpointRouteBuilder MapGoalCatalogApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/goal-catalog");
        api.MapPlanEndpoints();
        api.MapCatalogEndpoints();
        api.MapFollowUpEndpoints();
        return endpoints;
    }
}
