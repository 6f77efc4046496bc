using Jamforelse.ServiceDefaults.Identity;
using Jamforelse.IndicatorData.Domain;
using Jamforelse.IndicatorData.Endpoints;
using Jamforelse.IndicatorData.Imports;
using Jamforelse.IndicatorData.Kolada;
using Jamforelse.IndicatorData.Storage;
using Jamforelse.ServiceDefaults;
using Jamforelse.ServiceDefaults.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Jamforelse.IndicatorData;

/// <summary>The indicator-data service as a module that a host adds and maps.</summary>
public static class IndicatorDataModule
{
    public const string StoreName = "indicator-data";

    public static IHostApplicationBuilder AddIndicatorData(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        // Answers only requests with a signed identity for "indicator-data" (made by the gateway).
        builder.AddSignedIdentity("/api/indicator-data", "indicator-data");
        var options = builder.BindValidated<IndicatorDataOptions>(IndicatorDataOptions.Section);
        builder.AddDocumentStore(StoreName);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<ReferenceData>();
        builder.Services.AddSingleton<IndicatorDataStore>();
        builder.Services.AddSingleton<ObservationImporter>();
        builder.Services.AddSingleton<ObservationQueries>();
        builder.Services.AddSingleton(new KoladaFetchOptions { MaxAttempts = options.KoladaMaxAttempts, FirstRetryDelay = options.KoladaFirstRetryDelay });
        builder.Services.AddHttpClient<KoladaApiClient>(http =>
        {
            http.BaseAddress = options.KoladaApiBaseUrl;
            http.Timeout = options.KoladaCallTimeout;
        });
        builder.Services.AddHostedService<IndicatorDataStartup>();
        // After the startup: runs left by a stopped process are taken up once the reference data is loaded.
        builder.Services.AddSingleton<KoladaRunner>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<KoladaRunner>());
        if (!Cronos.CronExpression.TryParse(options.KoladaSync.Schedule, out _))
        {
            throw new InvalidOperationException($"IndicatorData:KoladaSync:Schedule \"{options.KoladaSync.Schedule}\" is not a cron expression (five fields, UTC: \"0 3 * * *\" is nightly at 03:00).");
        }
        builder.Services.TryAddSingleton<IPlanNeeds, NoPlanNeeds>();
        builder.Services.AddSingleton<KoladaSync>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<KoladaSync>());
        return builder;
    }

    public static IEndpointRouteBuilder MapIndicatorDataApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/indicator-data");
        api.MapKeyFigureEndpoints();
        api.MapAreaEndpoints();
        api.MapObservationEndpoints();
        api.MapImportEndpoints();
        return endpoints;
    }
}
