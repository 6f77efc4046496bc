using System.Security.Cryptography;
using System.Text;
using GraphQL.PersistedDocuments;

namespace Jamforelse.GraphQL.Execution;

/// <summary>
/// The persisted documents, held in memory under their "sha256" ids (lower-case hex of the SHA-256 of the
/// document's UTF-8 text, as the GraphQL-over-HTTP persisted documents proposal defines them).
/// </summary>
public sealed class PersistedDocumentStore : IPersistedDocumentLoader
{
    private readonly Dictionary<string, string> documentsByHash;

    public PersistedDocumentStore(IEnumerable<string> documents)
    {
        ArgumentNullException.ThrowIfNull(documents);
        documentsByHash = documents.Distinct(StringComparer.Ordinal).ToDictionary(Sha256Hex, StringComparer.Ordinal);
    }

    /// <summary>Every <c>*.graphql</c> file in <paramref name="folder"/> and its subfolders; none when it is null.</summary>
    public static PersistedDocumentStore FromFolder(string? folder)
    {
        if (string.IsNullOrEmpty(folder))
        {
            return new PersistedDocumentStore([]);
        }
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"GraphQL:PersistedDocumentsPath '{folder}' does not exist.");
        }
        return new PersistedDocumentStore(Directory
            .EnumerateFiles(folder, "*.graphql", SearchOption.AllDirectories)
            .Select(path => File.ReadAllText(path, Encoding.UTF8)));
    }

    /// <summary>The id a client sends for <paramref name="document"/>.</summary>
    public static string DocumentId(string document) => "sha256:" + Sha256Hex(document);

    public int Count => documentsByHash.Count;

    public ValueTask<string?> GetQueryAsync(string? documentIdPrefix, string documentIdPayload, CancellationToken cancellationToken) =>
        ValueTask.FromResult(documentIdPrefix == "sha256" && documentsByHash.TryGetValue(documentIdPayload, out var query) ? query : null);

    private static string Sha256Hex(string document) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(document)));
}
