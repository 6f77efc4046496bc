namespace Jamforelse.Distributed.Tests.Support;

/// <summary>Where the built host assemblies are: beside this suite's, in the same configuration (Debug or Release).</summary>
internal static class Paths
{
    public static string RepositoryRoot { get; } = FindRoot();

    /// <summary>"Debug" or "Release", read from this assembly's own output folder (…/bin/&lt;configuration&gt;/net10.0/).</summary>
    public static string Configuration { get; } = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;

    public static string HostAssembly(string projectFolder, string assemblyName)
    {
        var path = Path.Combine(RepositoryRoot, projectFolder, "bin", Configuration, "net10.0", assemblyName + ".dll");
        return File.Exists(path) ? path : throw new FileNotFoundException($"The host {assemblyName} is not built at {path}; build the solution first.", path);
    }

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Jamforelse.sln")))
            {
                return folder.FullName;
            }
        }
        throw new InvalidOperationException("Jamforelse.sln not found above " + AppContext.BaseDirectory);
    }

    public static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
