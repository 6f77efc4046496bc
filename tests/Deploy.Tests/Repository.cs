namespace Jamforelse.Deploy.Tests;

/// <summary>The checked-out repository the tests read: the folder holding Jamforelse.sln above the test binaries.</summary>
internal static class Repository
{
    private static readonly Lazy<string> RootFolder = new(() =>
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Jamforelse.sln")))
            {
                return folder.FullName;
            }
        }
        throw new InvalidOperationException($"No folder above {AppContext.BaseDirectory} holds Jamforelse.sln.");
    });

    public static string Root => RootFolder.Value;

    /// <summary>A repository-relative path ("gateway/Gateway/Dockerfile") as a full path.</summary>
    public static string PathOf(string relative) => Path.GetFullPath(Path.Combine(Root, relative));

    /// <summary>A full path as a repository-relative one with forward slashes.</summary>
    public static string Relative(string fullPath) => Path.GetRelativePath(Root, fullPath).Replace('\\', '/');

    public static string Read(string relative) => File.ReadAllText(PathOf(relative));
}
