using System.Xml.Linq;

namespace Jamforelse.Deploy.Tests.Docker;

/// <summary>
/// What a host's Dockerfile must do, as a list of problems (empty when it does it): restore exactly the host's
/// project closure from its project files and the build-wide files, then build from the same projects'
/// sources, and run the published DLL on the ASP.NET image as a non-root user on the container port.
/// </summary>
internal static class DockerfileCheck
{
    /// <summary>Files beside the projects that a restore or build reads when they exist (at the root or above a project).</summary>
    private static readonly string[] BuildWideFiles =
        ["Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props", "nuget.config", "NuGet.Config", "global.json", ".editorconfig"];

    public static IReadOnlyList<string> Problems(string root, string dockerfile, string project, string dll)
    {
        var problems = new List<string>();
        if (!File.Exists(Path.Combine(root, dockerfile)))
        {
            return [$"{dockerfile} does not exist."];
        }
        if (!File.Exists(Path.Combine(root, project)))
        {
            // Nothing else can be checked against it: its references are the closure.
            return [$"{project}, the host project {dockerfile} builds, does not exist."];
        }
        var stages = Dockerfile.Parse(File.ReadAllText(Path.Combine(root, dockerfile)));
        var build = stages.FirstOrDefault(stage => stage.Instructions.Any(IsRestore));
        if (build is null)
        {
            problems.Add($"{dockerfile} has no stage that runs `dotnet restore`.");
            return problems;
        }

        var restoreAt = build.Instructions.ToList().FindIndex(IsRestore);
        var restore = build.Instructions[restoreAt];
        var restored = restore.Words.Skip(2).FirstOrDefault(word => !word.StartsWith('-'));
        if (restored is null || Instruction.Normalize(restored) != project)
        {
            problems.Add($"`RUN {restore.Arguments}` must restore the host project {project} (one project, not a solution).");
        }

        var closure = ProjectClosure.Of(root, project);
        var beforeRestore = build.Instructions.Take(restoreAt).Where(i => i.IsCopyFromContext).ToList();
        var afterRestore = build.Instructions.Skip(restoreAt + 1).Where(i => i.IsCopyFromContext).ToList();
        var copiedEarly = beforeRestore.SelectMany(i => i.Copy().Sources).ToHashSet(StringComparer.Ordinal);

        foreach (var copy in beforeRestore)
        {
            var (_, sources, destination) = copy.Copy();
            foreach (var source in sources.Where(s => s.EndsWith(".csproj", StringComparison.Ordinal)))
            {
                if (!File.Exists(Path.Combine(root, source)))
                {
                    problems.Add($"COPY {source}: no such project file.");
                }
                else if (!closure.Contains(source))
                {
                    problems.Add($"COPY {source}: not in {project}'s project references, so the image restores more than it needs.");
                }
                var folder = Path.GetDirectoryName(source)!.Replace('\\', '/');
                if (sources.Length == 1 && destination != folder)
                {
                    problems.Add($"COPY {source} {destination}/: a project file must land in its own folder ({folder}/).");
                }
            }
        }
        foreach (var needed in closure.Where(p => !copiedEarly.Contains(p)))
        {
            problems.Add($"{needed} is in {project}'s project references but is not copied before `dotnet restore`.");
        }
        foreach (var file in BuildWideFilesFor(root, closure).Where(f => !copiedEarly.Contains(f)))
        {
            problems.Add($"{file} is read by the build but is not copied before `dotnet restore`.");
        }

        foreach (var copy in build.Instructions.Where(i => i.IsCopyFromContext))
        {
            var (_, sources, destination) = copy.Copy();
            if (sources.Contains(""))
            {
                problems.Add($"COPY {copy.Arguments}: copies the whole build context; copy the host's projects only.");
            }
            if (afterRestore.Contains(copy) && sources.Length == 1 && sources[0] != destination)
            {
                problems.Add($"COPY {copy.Arguments}: sources must land at the same path as in the repository.");
            }
        }
        foreach (var projectFile in closure)
        {
            var folder = Path.GetDirectoryName(projectFile)!.Replace('\\', '/');
            var covered = afterRestore.SelectMany(i => i.Copy().Sources)
                .Any(source => source.Length > 0 && (folder == source || folder.StartsWith(source + "/", StringComparison.Ordinal)));
            if (!covered)
            {
                problems.Add($"The sources of {folder}/ ({projectFile} is in the closure) are not copied after `dotnet restore`.");
            }
        }

        var publish = build.Instructions.FirstOrDefault(i => i.Keyword == "RUN" && i.Arguments.StartsWith("dotnet publish", StringComparison.Ordinal));
        if (publish is null)
        {
            problems.Add("The build stage has no `RUN dotnet publish`.");
        }
        else
        {
            var words = publish.Words;
            if (!words.Select(Instruction.Normalize).Contains(project))
            {
                problems.Add($"`RUN {publish.Arguments}` must publish {project}.");
            }
            if (!publish.Arguments.Contains("-c Release", StringComparison.Ordinal) || !words.Contains("--no-restore"))
            {
                problems.Add($"`RUN {publish.Arguments}` must build with -c Release --no-restore (the restore is its own layer).");
            }
        }

        if (closure.Any(p => File.Exists(Path.Combine(root, p)) && File.ReadAllText(Path.Combine(root, p)).Contains("npm ", StringComparison.Ordinal))
            && !build.Instructions.Any(i => i.Keyword == "RUN" && i.Arguments.Contains("node --version", StringComparison.Ordinal)))
        {
            problems.Add("A project in the closure runs npm at build time: the build stage must provide Node.js and check it (`node --version`).");
        }

        var runtime = stages[^1];
        if (runtime.Image != "mcr.microsoft.com/dotnet/aspnet:10.0")
        {
            problems.Add($"The final stage runs on {runtime.Image}, not mcr.microsoft.com/dotnet/aspnet:10.0.");
        }
        var expectedDll = AssemblyFileOf(Path.Combine(root, project));
        if (expectedDll != dll)
        {
            problems.Add($"{project} publishes {expectedDll}, not {dll}.");
        }
        var entrypoint = runtime.Instructions.LastOrDefault(i => i.Keyword == "ENTRYPOINT");
        if (entrypoint is null || entrypoint.Arguments != $"[\"dotnet\", \"{expectedDll}\"]")
        {
            problems.Add($"The final stage must end with ENTRYPOINT [\"dotnet\", \"{expectedDll}\"].");
        }
        var user = runtime.Instructions.LastOrDefault(i => i.Keyword == "USER");
        if (user is null || user.Arguments is "root" or "0" or "0:0")
        {
            problems.Add("The final stage must switch to a non-root USER (the image's $APP_UID).");
        }
        if (!runtime.Instructions.Any(i => i.Keyword == "ENV" && i.Arguments == $"Urls=http://+:{Hosts.ContainerPort}"))
        {
            problems.Add($"The final stage must set ENV Urls=http://+:{Hosts.ContainerPort} (unprefixed, so it outranks appsettings.json).");
        }
        if (!runtime.Instructions.Any(i => i.Keyword == "EXPOSE" && i.Arguments == $"{Hosts.ContainerPort}"))
        {
            problems.Add($"The final stage must EXPOSE {Hosts.ContainerPort}.");
        }
        return problems;
    }

    private static bool IsRestore(Instruction instruction) =>
        instruction.Keyword == "RUN" && instruction.Arguments.StartsWith("dotnet restore", StringComparison.Ordinal);

    /// <summary>The build-wide files at the root or in a folder above one of the projects.</summary>
    private static IEnumerable<string> BuildWideFilesFor(string root, IEnumerable<string> projects)
    {
        var folders = new SortedSet<string>(StringComparer.Ordinal) { "" };
        foreach (var project in projects)
        {
            for (var folder = Path.GetDirectoryName(project)?.Replace('\\', '/'); !string.IsNullOrEmpty(folder); folder = Path.GetDirectoryName(folder)?.Replace('\\', '/'))
            {
                folders.Add(folder);
            }
        }
        return folders.SelectMany(folder => BuildWideFiles.Select(name => folder.Length == 0 ? name : $"{folder}/{name}"))
            .Where(file => File.Exists(Path.Combine(root, file)))
            .Distinct(StringComparer.Ordinal);
    }

    /// <summary>AssemblyName from the project, else Directory.Build.props' Jamforelse.$(MSBuildProjectName).</summary>
    private static string AssemblyFileOf(string projectFile)
    {
        var assemblyName = XDocument.Load(projectFile).Descendants().FirstOrDefault(e => e.Name.LocalName == "AssemblyName")?.Value;
        var projectName = Path.GetFileNameWithoutExtension(projectFile);
        return (assemblyName ?? "Jamforelse.$(MSBuildProjectName)").Replace("$(MSBuildProjectName)", projectName, StringComparison.Ordinal) + ".dll";
    }
}
