namespace Jamforelse.Deploy.Tests.Docker;

/// <summary>
/// Each host's Dockerfile restores exactly what the host needs. The closure is computed from the host's csproj,
/// so a ProjectReference added without its COPY line fails here. (The four deploy/Hosts projects land with the
/// hosts' branch: until then their cases fail, saying the host project does not exist.)
/// </summary>
public sealed class DockerfileTests
{
    public static TheoryData<PlatformHost> Parts => Hosts.Theory();

    [Theory]
    [MemberData(nameof(Parts))]
    public void Restores_the_hosts_project_closure_and_runs_its_dll(PlatformHost host)
    {
        var problems = DockerfileCheck.Problems(Repository.Root, host.Dockerfile, host.Project, host.Dll);
        Assert.True(problems.Count == 0, $"{host.Dockerfile}:\n  " + string.Join("\n  ", problems));
    }

    [Fact]
    public void The_build_context_leaves_out_build_output_local_data_and_packages()
    {
        var ignored = Repository.Read(".dockerignore").Split('\n').Select(line => line.Trim()).ToHashSet(StringComparer.Ordinal);
        Assert.All(["**/bin/", "**/obj/", "**/node_modules/", "**/data/", ".git/", ".env"], pattern => Assert.Contains(pattern, ignored));
    }

    [Fact]
    public void A_reference_added_without_its_copy_line_is_reported()
    {
        using var repository = new ScratchRepository();
        repository.Write("Directory.Build.props", "<Project />");
        repository.Write("lib/Deep/Deep.csproj", "<Project Sdk=\"Microsoft.NET.Sdk\" />");
        repository.Write("lib/Core/Core.csproj", Project("../Deep/Deep.csproj"));
        repository.Write("lib/Unused/Unused.csproj", "<Project Sdk=\"Microsoft.NET.Sdk\" />");
        repository.Write("host/Host.csproj", Project("../lib/Core/Core.csproj"));
        repository.Write("host/Dockerfile", """
            FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
            COPY Directory.Build.props ./
            COPY lib/Core/Core.csproj lib/Core/
            COPY lib/Unused/Unused.csproj lib/Unused/
            COPY host/Host.csproj host/
            RUN dotnet restore host/Host.csproj
            COPY lib/Core/ lib/Core/
            COPY host/ host/
            RUN dotnet publish host/Host.csproj -c Release --no-restore -o /app
            FROM mcr.microsoft.com/dotnet/aspnet:10.0
            COPY --from=build /app .
            ENV Urls=http://+:8080
            EXPOSE 8080
            USER $APP_UID
            ENTRYPOINT ["dotnet", "Jamforelse.Host.dll"]
            """);

        var problems = DockerfileCheck.Problems(repository.Root, "host/Dockerfile", "host/Host.csproj", "Jamforelse.Host.dll");

        Assert.Contains(problems, p => p.StartsWith("lib/Deep/Deep.csproj is in host/Host.csproj's project references but is not copied", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("The sources of lib/Deep/", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("COPY lib/Unused/Unused.csproj: not in host/Host.csproj's project references", StringComparison.Ordinal));
        Assert.Equal(3, problems.Count);
    }

    [Fact]
    public void A_dockerfile_that_copies_everything_or_restores_a_solution_is_reported()
    {
        using var repository = new ScratchRepository();
        repository.Write("host/Host.csproj", "<Project Sdk=\"Microsoft.NET.Sdk\" />");
        repository.Write("host/Dockerfile", """
            FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
            COPY . .
            RUN dotnet restore All.sln
            RUN dotnet publish host/Host.csproj -o /app
            FROM mcr.microsoft.com/dotnet/sdk:10.0
            ENTRYPOINT ["dotnet", "Jamforelse.Host.dll"]
            """);

        var problems = DockerfileCheck.Problems(repository.Root, "host/Dockerfile", "host/Host.csproj", "Jamforelse.Host.dll");

        Assert.Contains(problems, p => p.Contains("must restore the host project", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("copies the whole build context", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("-c Release --no-restore", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("not mcr.microsoft.com/dotnet/aspnet:10.0", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("non-root USER", StringComparison.Ordinal));
    }

    private static string Project(params string[] references) =>
        "<Project Sdk=\"Microsoft.NET.Sdk\"><ItemGroup>"
        + string.Concat(references.Select(reference => $"<ProjectReference Include=\"{reference}\" />"))
        + "</ItemGroup></Project>";

    private sealed class ScratchRepository : IDisposable
    {
        public string Root { get; } = Directory.CreateTempSubdirectory("deploy-tests-").FullName;

        public void Write(string relative, string text)
        {
            var path = Path.Combine(Root, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, text);
        }

        public void Dispose() => Directory.Delete(Root, recursive: true);
    }
}
