using System.IO.Compression;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Jamforelse.Distributed.Tests.Support;

/// <summary>A span as a part exported it: which service and instrumentation scope, its ids (lower-case hex) and name.</summary>
public sealed record ReceivedSpan(
    string Service,
    string Scope,
    string TraceId,
    string SpanId,
    string ParentSpanId,
    string Name,
    SpanKind Kind,
    ulong StartTimeUnixNano,
    IReadOnlyDictionary<string, string> Attributes)
{
    public string? Attribute(string key) => Attributes.TryGetValue(key, out var value) ? value : null;
}

/// <summary>opentelemetry.proto.trace.v1.Span.SpanKind.</summary>
public enum SpanKind
{
    Unspecified = 0,
    Internal = 1,
    Server = 2,
    Client = 3,
    Producer = 4,
    Consumer = 5,
}

/// <summary>
/// A local OTLP/HTTP receiver (binary protobuf) on loopback that keeps every span it is sent in memory. Traces
/// are decoded by hand (opentelemetry-proto's collector/trace/v1 ExportTraceServiceRequest, only the fields read
/// here); metrics and logs are accepted and dropped so that the exporters do not log failures.
/// </summary>
public sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly List<ReceivedSpan> _spans = [];
    private readonly Lock _lock = new();

    private OtlpReceiver(WebApplication app) => _app = app;

    /// <summary>Where the parts export to (OTEL_EXPORTER_OTLP_ENDPOINT; the exporter appends /v1/traces).</summary>
    public Uri Endpoint { get; private set; } = null!;

    /// <summary>Requests this receiver could not decode, for a failure message.</summary>
    public int Rejected { get; private set; }

    public static async Task<OtlpReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var receiver = new OtlpReceiver(app);
        app.MapPost("/v1/traces", receiver.ReceiveTracesAsync);
        app.MapPost("/v1/{signal}", () => Protobuf());
        await app.StartAsync();
        receiver.Endpoint = new Uri(app.Urls.Single()); // the port Kestrel bound for port 0
        return receiver;
    }

    public IReadOnlyList<ReceivedSpan> Spans
    {
        get
        {
            lock (_lock)
            {
                return [.. _spans];
            }
        }
    }

    /// <summary>The spans received so far of one trace (its id in lower-case hex).</summary>
    public IReadOnlyList<ReceivedSpan> Trace(string traceId)
    {
        lock (_lock)
        {
            return _spans.Where(s => s.TraceId == traceId).ToList();
        }
    }

    private async Task<IResult> ReceiveTracesAsync(HttpRequest request)
    {
        using var body = new MemoryStream();
        var source = request.Headers.ContentEncoding.ToString().Contains("gzip", StringComparison.OrdinalIgnoreCase)
            ? new GZipStream(request.Body, CompressionMode.Decompress)
            : request.Body;
        await using (source)
        {
            await source.CopyToAsync(body, request.HttpContext.RequestAborted);
        }
        List<ReceivedSpan> spans;
        try
        {
            spans = ExportTraceServiceRequest.Decode(body.GetBuffer().AsSpan(0, (int)body.Length));
        }
        catch (FormatException)
        {
            lock (_lock)
            {
                Rejected++;
            }
            return Results.BadRequest();
        }
        lock (_lock)
        {
            _spans.AddRange(spans);
        }
        return Protobuf();
    }

    /// <summary>An empty Export*ServiceResponse: no fields, so no bytes.</summary>
    private static IResult Protobuf() => Results.Bytes([], "application/x-protobuf");

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>
/// The fields of opentelemetry-proto's ExportTraceServiceRequest that the tests read, with their field numbers
/// (opentelemetry/proto/collector/trace/v1/trace_service.proto, trace/v1/trace.proto, resource/v1/resource.proto,
/// common/v1/common.proto); every other field is skipped by its wire type.
/// </summary>
internal static class ExportTraceServiceRequest
{
    public static List<ReceivedSpan> Decode(ReadOnlySpan<byte> request)
    {
        var spans = new List<ReceivedSpan>();
        var reader = new ProtoReader(request);
        while (reader.Next(out var field, out var wireType))
        {
            if (field == 1 && wireType == ProtoReader.LengthDelimited) // resource_spans
            {
                ResourceSpans(reader.ReadBytes(), spans);
            }
            else
            {
                reader.Skip(wireType);
            }
        }
        return spans;
    }

    private static void ResourceSpans(ReadOnlySpan<byte> message, List<ReceivedSpan> spans)
    {
        // The resource may follow the scope spans on the wire: read it first, then the spans.
        var service = "";
        var reader = new ProtoReader(message);
        while (reader.Next(out var field, out var wireType))
        {
            if (field == 1 && wireType == ProtoReader.LengthDelimited) // resource
            {
                service = Resource(reader.ReadBytes()).GetValueOrDefault("service.name", "");
            }
            else
            {
                reader.Skip(wireType);
            }
        }
        reader = new ProtoReader(message);
        while (reader.Next(out var field, out var wireType))
        {
            if (field == 2 && wireType == ProtoReader.LengthDelimited) // scope_spans
            {
                ScopeSpans(reader.ReadBytes(), service, spans);
            }
            else
            {
                reader.Skip(wireType);
            }
        }
    }

    private static Dictionary<string, string> Resource(ReadOnlySpan<byte> message)
    {
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        var reader = new ProtoReader(message);
        while (reader.Next(out var field, out var wireType))
        {
            if (field == 1 && wireType == ProtoReader.LengthDelimited) // attributes
            {
                AddKeyValue(reader.ReadBytes(), attributes);
            }
            else
            {
                reader.Skip(wireType);
            }
        }
        return attributes;
    }

    private static void ScopeSpans(ReadOnlySpan<byte> message, string service, List<ReceivedSpan> spans)
    {
        var scope = "";
        var reader = new ProtoReader(message);
        while (reader.Next(out var field, out var wireType))
        {
            if (field == 1 && wireType == ProtoReader.LengthDelimited) // scope (InstrumentationScope)
            {
                var scopeReader = new ProtoReader(reader.ReadBytes());
                while (scopeReader.Next(out var scopeField, out var scopeWireType))
                {
                    if (scopeField == 1 && scopeWireType == ProtoReader.LengthDelimited) // name
                    {
                        scope = scopeReader.ReadString();
                    }
                    else
                    {
                        scopeReader.Skip(scopeWireType);
                    }
                }
            }
            else
            {
                reader.Skip(wireType);
            }
        }
        reader = new ProtoReader(message);
        while (reader.Next(out var field, out var wireType))
        {
            if (field == 2 && wireType == ProtoReader.LengthDelimited) // spans
            {
                spans.Add(Span(reader.ReadBytes(), service, scope));
            }
            else
            {
                reader.Skip(wireType);
            }
        }
    }

    private static ReceivedSpan Span(ReadOnlySpan<byte> message, string service, string scope)
    {
        string traceId = "", spanId = "", parentSpanId = "", name = "";
        var kind = SpanKind.Unspecified;
        ulong start = 0;
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        var reader = new ProtoReader(message);
        while (reader.Next(out var field, out var wireType))
        {
            switch (field, wireType)
            {
                case (1, ProtoReader.LengthDelimited): traceId = Convert.ToHexStringLower(reader.ReadBytes()); break;
                case (2, ProtoReader.LengthDelimited): spanId = Convert.ToHexStringLower(reader.ReadBytes()); break;
                case (4, ProtoReader.LengthDelimited): parentSpanId = Convert.ToHexStringLower(reader.ReadBytes()); break;
                case (5, ProtoReader.LengthDelimited): name = reader.ReadString(); break;
                case (6, ProtoReader.Varint): kind = (SpanKind)reader.ReadVarint(); break;
                case (7, ProtoReader.Fixed64): start = reader.ReadFixed64(); break;
                case (9, ProtoReader.LengthDelimited): AddKeyValue(reader.ReadBytes(), attributes); break;
                default: reader.Skip(wireType); break;
            }
        }
        return new ReceivedSpan(service, scope, traceId, spanId, parentSpanId, name, kind, start, attributes);
    }

    /// <summary>A KeyValue (key = 1, value = 2); values other than AnyValue.string_value (1) are kept as "".</summary>
    private static void AddKeyValue(ReadOnlySpan<byte> message, Dictionary<string, string> into)
    {
        string key = "", value = "";
        var reader = new ProtoReader(message);
        while (reader.Next(out var field, out var wireType))
        {
            if (field == 1 && wireType == ProtoReader.LengthDelimited)
            {
                key = reader.ReadString();
            }
            else if (field == 2 && wireType == ProtoReader.LengthDelimited)
            {
                var any = new ProtoReader(reader.ReadBytes());
                while (any.Next(out var anyField, out var anyWireType))
                {
                    if (anyField == 1 && anyWireType == ProtoReader.LengthDelimited)
                    {
                        value = any.ReadString();
                    }
                    else
                    {
                        any.Skip(anyWireType);
                    }
                }
            }
            else
            {
                reader.Skip(wireType);
            }
        }
        into[key] = value;
    }
}

/// <summary>The protobuf wire format, as much as OTLP needs: tags, varints, fixed 32/64-bit values and length-delimited fields.</summary>
internal ref struct ProtoReader
{
    public const int Varint = 0;
    public const int Fixed64 = 1;
    public const int LengthDelimited = 2;
    public const int Fixed32 = 5;

    private ReadOnlySpan<byte> _rest;

    public ProtoReader(ReadOnlySpan<byte> message) => _rest = message;

    /// <summary>Reads the next field's tag; false at the end of the message.</summary>
    public bool Next(out int field, out int wireType)
    {
        if (_rest.IsEmpty)
        {
            (field, wireType) = (0, 0);
            return false;
        }
        var tag = ReadVarint();
        (field, wireType) = ((int)(tag >> 3), (int)(tag & 7));
        return field > 0 ? true : throw new FormatException("A protobuf field number 0.");
    }

    public ulong ReadVarint()
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (_rest.IsEmpty)
            {
                throw new FormatException("A protobuf varint runs past the end of its message.");
            }
            var b = _rest[0];
            _rest = _rest[1..];
            value |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return value;
            }
        }
        throw new FormatException("A protobuf varint longer than 10 bytes.");
    }

    public ulong ReadFixed64() => System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(Take(8));

    public ReadOnlySpan<byte> ReadBytes()
    {
        var length = ReadVarint();
        return length <= (ulong)_rest.Length ? Take((int)length) : throw new FormatException("A protobuf length-delimited field runs past the end of its message.");
    }

    public string ReadString() => System.Text.Encoding.UTF8.GetString(ReadBytes());

    public void Skip(int wireType)
    {
        switch (wireType)
        {
            case Varint: ReadVarint(); break;
            case Fixed64: Take(8); break;
            case LengthDelimited: ReadBytes(); break;
            case Fixed32: Take(4); break;
            default: throw new FormatException($"Protobuf wire type {wireType} is not used by OTLP.");
        }
    }

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count > _rest.Length)
        {
            throw new FormatException("A protobuf field runs past the end of its message.");
        }
        var taken = _rest[..count];
        _rest = _rest[count..];
        return taken;
    }
}
