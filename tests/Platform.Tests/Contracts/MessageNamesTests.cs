using System.Reflection;
using System.Text.RegularExpressions;
using Jamforelse.Contracts.IndicatorData;

namespace Jamforelse.Platform.Tests.Contracts;

/// <summary>Guards the bus identities of the platform's messages, which live in the Contracts assembly.</summary>
public sealed partial class MessageNamesTests
{
    /// <summary>Every message the services exchange. Add a line for a new message; never change or remove one.</summary>
    private static readonly string[] LockedNames =
    [
        "Jamforelse.Contracts.Benchmarking.AssessmentChanged",
        "Jamforelse.Contracts.Benchmarking.ComparisonUpdated",
        "Jamforelse.Contracts.GoalCatalog.PlanChanged",
        "Jamforelse.Contracts.Tenants.ApiKeyRevoked",
        "Jamforelse.Contracts.Tenants.SharingChanged",
        "Jamforelse.Contracts.IndicatorData.ImportProgressed",
        "Jamforelse.Contracts.IndicatorData.IndicatorValuesChanged",
    ];

    private static readonly Assembly ContractsAssembly = typeof(IndicatorValuesChanged).Assembly;

    private static IEnumerable<Type> Contracts => ContractsAssembly.GetExportedTypes();

    [Fact]
    public void The_public_message_types_are_exactly_the_locked_list()
    {
        var actual = Contracts.Select(type => type.FullName!).Order(StringComparer.Ordinal).ToArray();
        var expected = LockedNames.Order(StringComparer.Ordinal).ToArray();

        var added = actual.Except(expected, StringComparer.Ordinal).ToArray();
        var missing = expected.Except(actual, StringComparer.Ordinal).ToArray();
        Assert.True(
            added.Length == 0 && missing.Length == 0,
            "The public types of the Contracts assembly differ from the locked list in MessageNamesTests. " +
            "MassTransit identifies a message on the bus by its namespace plus type name (its exchange is " +
            "'Namespace:TypeName'), so renaming or moving a contract silently disconnects every consumer still " +
            "bound to the old name. Add new messages to the list; keep old ones as they are. " +
            $"Not in the list: [{string.Join(", ", added)}]. Listed but missing (renamed or removed?): [{string.Join(", ", missing)}].");
    }

    [Fact]
    public void Every_contract_is_a_sealed_record_with_no_base_type_in_its_owning_services_namespace()
    {
        Assert.NotEmpty(Contracts);
        foreach (var type in Contracts)
        {
            Assert.True(type.IsClass, $"{type.FullName} must be a class (a record), not a struct, interface or enum.");
            Assert.True(type.IsSealed, $"{type.FullName} must be sealed: message inheritance makes MassTransit publish to several exchanges.");
            Assert.True(type.BaseType == typeof(object), $"{type.FullName} must not derive from {type.BaseType}: contracts have no base types.");
            Assert.False(type.IsGenericType, $"{type.FullName} must not be generic.");
            // The compiler gives every record a clone method named "<Clone>$" and a protected EqualityContract.
            Assert.True(
                type.GetMethod("<Clone>$") is not null && type.GetProperty("EqualityContract", BindingFlags.NonPublic | BindingFlags.Instance) is not null,
                $"{type.FullName} must be a record, so that messages compare by value.");
            Assert.Matches(OwningServiceNamespace(), type.Namespace ?? "");
        }
    }

    [GeneratedRegex(@"^Jamforelse\.Contracts\.[A-Z][A-Za-z0-9]*$")]
    private static partial Regex OwningServiceNamespace();
}
