using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Jamforelse.ServiceDefaults.Identity;

/// <summary>The path prefixes a host serves, each with the audience a signed identity must name to reach it.</summary>
public sealed class ServiceAudiences
{
    public List<(PathString Prefix, string Audience)> Prefixes { get; } = [];

    public string? AudienceOf(PathString path) =>
        Prefixes.FirstOrDefault(p => path.StartsWithSegments(p.Prefix, StringComparison.OrdinalIgnoreCase)).Audience;
}

/// <summary>
/// Every service accepts only requests with a valid signed identity for itself (made by the gateway, or by
/// the GraphQL layer on behalf of the caller it authenticated): no one reaches a service around the gateway.
/// </summary>
public static class SignedIdentityExtensions
{
    /// <summary>Registers the signer (<see cref="IdentityOptions"/>) and says which paths belong to which audience.</summary>
    public static IHostApplicationBuilder AddSignedIdentity(this IHostApplicationBuilder builder, string pathPrefix, string audience)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (!builder.Services.Any(s => s.ServiceType == typeof(IdentitySigner)))
        {
            builder.Services.AddOptions<IdentityOptions>().BindConfiguration(IdentityOptions.Section).ValidateDataAnnotations().ValidateOnStart();
            builder.Services.TryAddSingleton(TimeProvider.System);
            builder.Services.AddSingleton<IdentitySigner>();
        }
        builder.Services.Configure<ServiceAudiences>(audiences => audiences.Prefixes.Add((new PathString(pathPrefix), audience)));
        return builder;
    }

    /// <summary>
    /// Refuses (401, problem+json) a request under one of the registered prefixes without a valid signed
    /// identity for that prefix's audience, and makes the identity available as <see cref="CallerIdentity"/>.
    /// Other paths (health, pages) pass untouched.
    /// </summary>
    public static IApplicationBuilder UseSignedIdentity(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var audiences = app.ApplicationServices.GetRequiredService<IOptions<ServiceAudiences>>().Value;
        var signer = app.ApplicationServices.GetRequiredService<IdentitySigner>();
        return app.Use(async (context, next) =>
        {
            if (audiences.AudienceOf(context.Request.Path) is not { } audience)
            {
                await next(context);
                return;
            }
            if (!signer.TryVerify(context.Request.Headers[IdentitySigner.HeaderName], audience, out var identity, out var reason))
            {
                await Results.Problem(title: "Unauthorized", detail: reason, statusCode: StatusCodes.Status401Unauthorized).ExecuteAsync(context);
                return;
            }
            context.Features.Set(identity);
            await next(context);
        });
    }

    /// <summary>The caller of a request that passed <see cref="UseSignedIdentity"/>.</summary>
    public static CallerIdentity Caller(this HttpContext context) =>
        context?.Features.Get<CallerIdentity>() ?? throw new InvalidOperationException("No signed identity on this request: is UseSignedIdentity() in the pipeline before the endpoint?");
}
