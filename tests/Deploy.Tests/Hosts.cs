namespace Jamforelse.Deploy.Tests;

/// <summary>
/// One deployable part: its name in docker-compose.yml and Kubernetes (the same), its Dockerfile, its host
/// project and the DLL `dotnet publish` makes of it.
/// </summary>
public sealed record PlatformHost(string Name, string Dockerfile, string Project, string Dll)
{
    public override string ToString() => Name;
}

internal static class Hosts
{
    public static readonly PlatformHost Gateway =
        new("gateway", "gateway/Gateway/Dockerfile", "gateway/Gateway/Gateway.csproj", "Jamforelse.Gateway.dll");

    public static readonly PlatformHost GraphQL =
        new("graphql", "deploy/Hosts/GraphQL/Dockerfile", "deploy/Hosts/GraphQL/GraphQL.Host.csproj", "Jamforelse.GraphQL.Host.dll");

    public static readonly PlatformHost IndicatorData =
        new("indicator-data", "deploy/Hosts/IndicatorData/Dockerfile", "deploy/Hosts/IndicatorData/IndicatorData.Host.csproj", "Jamforelse.IndicatorData.Host.dll");

    public static readonly PlatformHost GoalCatalog =
        new("goal-catalog", "deploy/Hosts/GoalCatalog/Dockerfile", "deploy/Hosts/GoalCatalog/GoalCatalog.Host.csproj", "Jamforelse.GoalCatalog.Host.dll");

    public static readonly PlatformHost Benchmarking =
        new("benchmarking", "deploy/Hosts/Benchmarking/Dockerfile", "deploy/Hosts/Benchmarking/Benchmarking.Host.csproj", "Jamforelse.Benchmarking.Host.dll");

    public static readonly IReadOnlyList<PlatformHost> All = [Gateway, GraphQL, IndicatorData, GoalCatalog, Benchmarking];

    /// <summary>The parts behind the gateway, by the configuration name the others address them with.</summary>
    public static readonly IReadOnlyDictionary<string, PlatformHost> ByServiceSetting = new Dictionary<string, PlatformHost>
    {
        ["IndicatorData"] = IndicatorData,
        ["GoalCatalog"] = GoalCatalog,
        ["Benchmarking"] = Benchmarking,
    };

    /// <summary>The gateway's YARP clusters (gateway/Gateway/appsettings.json) and the part each leads to.</summary>
    public static readonly IReadOnlyDictionary<string, PlatformHost> ByGatewayCluster = new Dictionary<string, PlatformHost>
    {
        ["graphql"] = GraphQL,
        ["indicatorData"] = IndicatorData,
        ["goalCatalog"] = GoalCatalog,
        ["benchmarking"] = Benchmarking,
    };

    /// <summary>The port every host listens on in its container or pod.</summary>
    public const int ContainerPort = 8080;

    public const string SigningKeySetting = "Jamforelse__Identity__SigningKey";

    public static TheoryData<PlatformHost> Theory()
    {
        var data = new TheoryData<PlatformHost>();
        foreach (var host in All)
        {
            data.Add(host);
        }
        return data;
    }
}
