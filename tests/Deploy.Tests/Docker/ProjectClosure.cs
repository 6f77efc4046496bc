using System.Xml.Linq;

namespace Jamforelse.Deploy.Tests.Docker;

/// <summary>A project and every project it references, directly or not, read from the csproj files' ProjectReference items.</summary>
internal static class ProjectClosure
{
    /// <summary>Repository-relative paths (forward slashes) of the project and its references; missing files are listed too.</summary>
    public static IReadOnlySet<string> Of(string root, string project)
    {
        var closure = new SortedSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([project]);
        while (pending.TryPop(out var next))
        {
            if (!closure.Add(next))
            {
                continue;
            }
            var full = Path.Combine(root, next);
            if (!File.Exists(full))
            {
                continue;
            }
            foreach (var include in References(full))
            {
                var referenced = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(full)!, include.Replace('\\', '/')));
                pending.Push(Path.GetRelativePath(root, referenced).Replace('\\', '/'));
            }
        }
        return closure;
    }

    private static IEnumerable<string> References(string projectFile) =>
        XDocument.Load(projectFile).Descendants()
            .Where(element => element.Name.LocalName == "ProjectReference")
            .Select(element => element.Attribute("Include")?.Value)
            .OfType<string>();
}
