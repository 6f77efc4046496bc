using System.Text.Json;
using System.Text.Json.Serialization;
using Jamforelse.ServiceDefaults.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace Jamforelse.ServiceDefaults;

/// <summary>What every host of the platform shares: telemetry, health endpoints and problem+json errors.</summary>
public static class ServiceDefaultsExtensions
{
    public const string ReadyTag = "ready";

    public static IHostApplicationBuilder AddServiceDefaults(this IHostApplicationBuilder builder, string serviceName)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ApplyConnectionStrings(builder.Configuration);
        builder.AddTelemetry(serviceName);
        builder.Services.AddHealthChecks();
        builder.Services.AddProblemDetails();
        // Enums travel as words ("higher", "notApplicable"), which analysts and scripts can read.
        builder.Services.ConfigureHttpJsonOptions(options =>
            options.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase)));
        builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = false);
        return builder;
    }

    /// <summary>
    /// Operators give the backing services as connection strings (ConnectionStrings__mongodb,
    /// ConnectionStrings__rabbitmq, as docker-compose and Kubernetes do); each one, when set, selects MongoDB
    /// storage or the RabbitMQ transport over the "Storage" and "Messaging" sections' defaults.
    /// </summary>
    public static void ApplyConnectionStrings(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (configuration.GetConnectionString("mongodb") is { Length: > 0 } mongo)
        {
            configuration["Storage:Provider"] = "MongoDb";
            configuration["Storage:MongoConnectionString"] = mongo;
        }
        if (configuration.GetConnectionString("rabbitmq") is { Length: > 0 } rabbit)
        {
            configuration["Messaging:Transport"] = "RabbitMq";
            configuration["Messaging:RabbitMqUri"] = rabbit;
        }
    }

    /// <summary>
    /// /health/live answers as long as the process runs; /health/ready also checks the bus and every
    /// store. Both are mapped in every environment because probes need them in production.
    /// </summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(ReadyTag),
            // Degraded is not ready: MassTransit reports a bus with some endpoints still reconnecting (after a
            // broker outage) as degraded, and such an instance must not get traffic yet.
            ResultStatusCodes =
            {
                [HealthStatus.Healthy] = StatusCodes.Status200OK,
                [HealthStatus.Degraded] = StatusCodes.Status503ServiceUnavailable,
                [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
            },
            ResponseWriter = HealthReportWriter.WriteAsync,
        });
        return app;
    }

    private static class HealthReportWriter
    {
        public static Task WriteAsync(HttpContext context, HealthReport report) =>
            context.Response.WriteAsJsonAsync(new
            {
                status = report.Status.ToString(),
                checks = report.Entries.Select(entry => new
                {
                    name = entry.Key,
                    status = entry.Value.Status.ToString(),
                    description = entry.Value.Description ?? entry.Value.Exception?.Message,
                }),
            });
    }
}
