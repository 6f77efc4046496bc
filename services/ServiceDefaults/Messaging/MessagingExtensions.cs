using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Jamforelse.ServiceDefaults.Messaging;

public static class MessagingExtensions
{
    /// <summary>A module's consumers, collected until the host calls <see cref="AddMessaging"/>.</summary>
    public sealed record BusRegistration(Action<IBusRegistrationConfigurator> Configure);

    /// <summary>
    /// Names the endpoints of one instance only (their names end with the suffix, e.g. a GraphQL instance's
    /// subscription queues): they stay classic, non-durable queues when the shared ones are quorum queues.
    /// </summary>
    public sealed record InstanceEndpoints(string Suffix);

    /// <summary>Lets a module add its consumers; the host then adds the bus once for all modules.</summary>
    public static IServiceCollection AddBusRegistration(this IServiceCollection services, Action<IBusRegistrationConfigurator> configure) =>
        services.AddSingleton(new BusRegistration(configure));

    /// <summary>
    /// MassTransit on its in-memory transport or on RabbitMQ, as configured in "Messaging". MassTransit
    /// registers its own readiness check (tag "ready"), which /health/ready reports.
    /// </summary>
    public static IHostApplicationBuilder AddMessaging(this IHostApplicationBuilder builder)
    {
        var options = builder.BindValidated<MessagingOptions>(MessagingOptions.Section);
        var registrations = builder.Services
            .Where(descriptor => descriptor.ServiceType == typeof(BusRegistration))
            .Select(descriptor => (BusRegistration)descriptor.ImplementationInstance!)
            .ToList();

        builder.Services.AddMassTransit(bus =>
        {
            bus.SetEndpointNameFormatter(new KebabCaseEndpointNameFormatter(options.EndpointPrefix, false));
            foreach (var registration in registrations)
            {
                registration.Configure(bus);
            }
            if (options.Transport == BusTransport.RabbitMq)
            {
                var instanceSuffixes = builder.Services
                    .Where(descriptor => descriptor.ServiceType == typeof(InstanceEndpoints))
                    .Select(descriptor => ((InstanceEndpoints)descriptor.ImplementationInstance!).Suffix)
                    .ToList();
                if (options.QuorumQueues)
                {
                    // The queues instances share (competing consumers) replicate across the cluster's nodes.
                    bus.AddConfigureEndpointsCallback((name, endpoint) =>
                    {
                        if (endpoint is IRabbitMqReceiveEndpointConfigurator rabbit && !instanceSuffixes.Any(suffix => name.EndsWith(suffix, StringComparison.Ordinal)))
                        {
                            rabbit.SetQuorumQueue();
                        }
                    });
                }
                bus.UsingRabbitMq((context, cfg) =>
                {
                    cfg.Host(options.RabbitMqUri);
                    cfg.ConfigureEndpoints(context);
                });
            }
            else
            {
                bus.UsingInMemory((context, cfg) => cfg.ConfigureEndpoints(context));
            }
        });
        return builder;
    }
}
