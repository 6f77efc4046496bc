using Jamforelse.Storage;

namespace Jamforelse.Platform.Tests.Storage;

public enum Colour
{
    Red,
    Green,
    Blue,
}

public sealed class Part
{
    public string Name { get; set; } = "";
    public List<int> Sizes { get; set; } = [];
}

/// <summary>A document with every kind of value the services store.</summary>
public sealed class Widget : IDocument
{
    public string Id { get; set; } = "";
    public string? Name { get; set; }
    public bool Active { get; set; }
    public Colour Colour { get; set; }
    public int Rank { get; set; }
    /// <summary>Defaults to non-null so that a stored null is told apart from a field that was never written.</summary>
    public string? Comment { get; set; } = "no comment";
    public DateTimeOffset ChangedAt { get; set; }
    public List<List<string>> Grid { get; set; } = [];
    public List<Part> Parts { get; set; } = [];
    public List<string>? Tags { get; set; }
}

/// <summary>A document that cannot be serialized: reading <see cref="Payload"/> throws, as a broken mapping would.</summary>
public sealed class ExplodingDocument : IDocument
{
    public string Id { get; set; } = "";

    public string Payload
    {
        get => throw new InvalidOperationException($"Document {Id} cannot be serialized (on purpose).");
        set => _ = value;
    }
}
