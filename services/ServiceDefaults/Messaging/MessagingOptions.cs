using System.ComponentModel.DataAnnotations;

namespace Jamforelse.ServiceDefaults.Messaging;

public enum BusTransport
{
    InMemory,
    RabbitMq,
}

/// <summary>The "Messaging" configuration section.</summary>
public sealed class MessagingOptions : IValidatableObject
{
    public const string Section = "Messaging";

    /// <summary>InMemory (one process, the default) or RabbitMq.</summary>
    public BusTransport Transport { get; set; } = BusTransport.InMemory;

    /// <summary>Broker address when <see cref="Transport"/> is RabbitMq, e.g. amqp://guest:guest@localhost:5672/.</summary>
    public Uri? RabbitMqUri { get; set; }

    /// <summary>
    /// Declare the shared work queues as quorum queues (replicated by a RabbitMQ cluster; what the operator-
    /// managed cluster in Kubernetes runs). An instance's own queues (the GraphQL layer's) stay classic.
    /// Applies to queues declared from then on: an existing classic queue must be deleted first.
    /// </summary>
    public bool QuorumQueues { get; set; }

    /// <summary>Prefix of queue names so that the services sharing a broker never share a queue.</summary>
    public string? EndpointPrefix { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Transport == BusTransport.RabbitMq && RabbitMqUri is null)
        {
            yield return new ValidationResult(
                "Messaging:RabbitMqUri is required when Messaging:Transport is RabbitMq (e.g. amqp://guest:guest@localhost:5672/).",
                [nameof(RabbitMqUri)]);
        }
        if (RabbitMqUri is not null && RabbitMqUri.Scheme is not ("amqp" or "amqps" or "rabbitmq"))
        {
            yield return new ValidationResult(
                $"Messaging:RabbitMqUri must use the amqp:// or amqps:// scheme, not '{RabbitMqUri.Scheme}'.", [nameof(RabbitMqUri)]);
        }
    }
}
