using Xunit.Abstractions;
using Xunit.Sdk;

namespace Jamforelse.Platform.Tests.Support;

/// <summary>The external services some tests need, named by the environment variables that point at them.</summary>
public static class TestEnvironment
{
    public const string MongoDbVariable = "JAMFORELSE_TEST_MONGODB";
    public const string MongoDbSkipReason =
        "set JAMFORELSE_TEST_MONGODB to a MongoDB (replica set) connection string to run the MongoDB adapter tests";

    public const string RabbitMqVariable = "JAMFORELSE_TEST_RABBITMQ";
    public const string RabbitMqSkipReason =
        "set JAMFORELSE_TEST_RABBITMQ to an amqp:// URI of a reachable RabbitMQ broker (e.g. amqp://guest:guest@localhost:5672/) to run the real-broker tests";

    public static string? Get(string variable) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value ? value : null;
}

/// <summary>A fact that needs a RabbitMQ broker: skipped, with the reason, when JAMFORELSE_TEST_RABBITMQ is not set.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RabbitMqFactAttribute : FactAttribute
{
    public RabbitMqFactAttribute()
    {
        if (TestEnvironment.Get(TestEnvironment.RabbitMqVariable) is null)
        {
            Skip = TestEnvironment.RabbitMqSkipReason;
        }
    }
}

/// <summary>
/// Marks a test class whose tests need an external service: every <see cref="StoreFactAttribute"/> test of the
/// class (including the ones it inherits) is skipped with <see cref="SkipReason"/> when <see cref="Variable"/> is not set.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class RequiresEnvironmentVariableAttribute(string variable, string skipReason) : Attribute
{
    public string Variable { get; } = variable;
    public string SkipReason { get; } = skipReason;
}

/// <summary>
/// A fact of the storage contract. The contract's tests live in an abstract base class, so whether one runs
/// depends on the concrete class that inherits it, which an attribute's constructor cannot see: the
/// discoverer looks at that class for <see cref="RequiresEnvironmentVariableAttribute"/> and sets the skip
/// reason when the variable is missing. An explicit <c>Skip</c> still wins.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
[XunitTestCaseDiscoverer("Jamforelse.Platform.Tests.Support.StoreFactDiscoverer", "Jamforelse.Platform.Tests")]
public sealed class StoreFactAttribute : FactAttribute;

public sealed class StoreFactDiscoverer(IMessageSink diagnosticMessageSink) : FactDiscoverer(diagnosticMessageSink)
{
    protected override IXunitTestCase CreateTestCase(
        ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute)
    {
        ArgumentNullException.ThrowIfNull(testMethod);
        var missing = testMethod.TestClass.Class.GetCustomAttributes(typeof(RequiresEnvironmentVariableAttribute))
            .Select(attribute => new
            {
                Variable = attribute.GetNamedArgument<string>(nameof(RequiresEnvironmentVariableAttribute.Variable)),
                Reason = attribute.GetNamedArgument<string>(nameof(RequiresEnvironmentVariableAttribute.SkipReason)),
            })
            .FirstOrDefault(requirement => TestEnvironment.Get(requirement.Variable) is null);
        return missing is null
            ? base.CreateTestCase(discoveryOptions, testMethod, factAttribute)
            : new SkippedTestCase(
                DiagnosticMessageSink, discoveryOptions.MethodDisplayOrDefault(), discoveryOptions.MethodDisplayOptionsOrDefault(),
                testMethod, missing.Reason);
    }
}

/// <summary>A test case skipped for a reason decided at discovery; serializable so runners may move it between processes.</summary>
public sealed class SkippedTestCase : XunitTestCase
{
    private string _reason = "";

    [Obsolete("Called by the de-serializer; should only be called by deriving classes for de-serialization purposes")]
    public SkippedTestCase()
    {
    }

    public SkippedTestCase(
        IMessageSink diagnosticMessageSink, TestMethodDisplay display, TestMethodDisplayOptions displayOptions, ITestMethod testMethod, string reason)
        : base(diagnosticMessageSink, display, displayOptions, testMethod) => _reason = reason;

    protected override string GetSkipReason(IAttributeInfo factAttribute) => _reason;

    public override void Serialize(IXunitSerializationInfo data)
    {
        ArgumentNullException.ThrowIfNull(data);
        data.AddValue("SkipReasonText", _reason);
        base.Serialize(data);
    }

    public override void Deserialize(IXunitSerializationInfo data)
    {
        ArgumentNullException.ThrowIfNull(data);
        _reason = data.GetValue<string>("SkipReasonText");
        base.Deserialize(data);
    }
}
