using System.ComponentModel.DataAnnotations;

namespace Jamforelse.Storage;

public enum StorageProvider
{
    LiteDb,
    MongoDb,
}

/// <summary>The "Storage" configuration section.</summary>
public sealed class StorageOptions : IValidatableObject
{
    public const string Section = "Storage";

    /// <summary>LiteDb (embedded files, the default) or MongoDb.</summary>
    public StorageProvider Provider { get; set; } = StorageProvider.LiteDb;

    /// <summary>Folder of the LiteDB files, one per service; created when missing.</summary>
    public string DataFolder { get; set; } = "data";

    /// <summary>
    /// Lets several processes open the same LiteDB files (two instances of a service on one machine, as the
    /// distributed test suite runs them); slower, since LiteDB then locks the file per operation.
    /// </summary>
    public bool LiteDbShared { get; set; }

    /// <summary>MongoDB connection string; required when <see cref="Provider"/> is MongoDb.</summary>
    public string? MongoConnectionString { get; set; }

    /// <summary>Prefix of the per-service MongoDB database names ("jamforelse-indicator-data").</summary>
    public string MongoDatabasePrefix { get; set; } = "jamforelse-";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Provider == StorageProvider.LiteDb && string.IsNullOrWhiteSpace(DataFolder))
        {
            yield return new ValidationResult("Storage:DataFolder must name a folder for the LiteDB files.", [nameof(DataFolder)]);
        }
        if (Provider == StorageProvider.MongoDb && string.IsNullOrWhiteSpace(MongoConnectionString))
        {
            yield return new ValidationResult(
                "Storage:MongoConnectionString is required when Storage:Provider is MongoDb (e.g. mongodb://localhost:27017/?replicaSet=rs0).",
                [nameof(MongoConnectionString)]);
        }
    }

    public IDocumentStore Open(string storeName) => Provider switch
    {
        StorageProvider.MongoDb => new MongoDb.MongoDocumentStore(storeName, MongoConnectionString!, MongoDatabasePrefix + storeName),
        _ => LiteDb.LiteDbDocumentStore.OpenFile(storeName, Path.Combine(DataFolder, storeName + ".db"), LiteDbShared),
    };
}
