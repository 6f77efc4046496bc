using System.Buffers;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Jamforelse.IndicatorData.Imports;

namespace Jamforelse.IndicatorData.Kolada;

/// <summary>
/// Reads a Kolada v3 <c>/data</c> response (<c>{"values":[{kpi, municipality, period, values:[{gender, value,
/// count, status, isdeleted}]}], "next_url": …}</c>) as a stream of rows, one per value, holding one record
/// in memory at a time: an import of a million values never holds the whole file.
/// </summary>
public sealed class KoladaDataReader
{
    private const int InitialBuffer = 1 << 16;

    /// <summary>The response's <c>next_url</c>, known once the whole response was read.</summary>
    public string? NextUrl { get; private set; }

    /// <summary>The rows of several responses one after the other, each opened when its turn comes; positions start with its name.</summary>
    public static async IAsyncEnumerable<ImportRow> ReadAllAsync(
        IReadOnlyList<(string Name, Func<Stream> Open)> responses, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(responses);
        foreach (var (name, open) in responses)
        {
            await using var stream = open();
            await foreach (var row in new KoladaDataReader().ReadRowsAsync(stream, name + ": ", cancellationToken))
            {
                yield return row;
            }
        }
    }

    public async IAsyncEnumerable<ImportRow> ReadRowsAsync(
        Stream stream, string positionPrefix = "", [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var buffer = ArrayPool<byte>.Shared.Rent(InitialBuffer);
        var scanner = new Scanner(this, positionPrefix);
        var rows = new List<ImportRow>();
        var length = 0;
        var final = false;
        try
        {
            while (!scanner.Done)
            {
                if (!final)
                {
                    if (length == buffer.Length)
                    {
                        var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                        Buffer.BlockCopy(buffer, 0, larger, 0, length);
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = larger;
                    }
                    var read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken);
                    final = read == 0;
                    length += read;
                }
                var consumed = scanner.Scan(buffer.AsSpan(0, length), final, rows);
                foreach (var row in rows)
                {
                    yield return row;
                }
                rows.Clear();
                Buffer.BlockCopy(buffer, consumed, buffer, 0, length - consumed);
                length -= consumed;
                if (final && !scanner.Done)
                {
                    throw new JsonException($"{positionPrefix}the JSON ends before the Kolada response is complete (after values[{scanner.RecordIndex}]).");
                }
            }
            // One document per response: anything but white space after it (a second document, a stray
            // character) makes the whole input something other than what Kolada serves.
            while (true)
            {
                if (buffer.AsSpan(0, length).IndexOfAnyExcept(" \t\r\n"u8) is var junk and >= 0)
                {
                    throw new JsonException($"{positionPrefix}unexpected content after the JSON document: \"{Encoding.UTF8.GetString(buffer, junk, Math.Min(20, length - junk))}\".");
                }
                if (final)
                {
                    break;
                }
                length = await stream.ReadAsync(buffer.AsMemory(0, buffer.Length), cancellationToken);
                final = length == 0;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private enum Phase
    {
        Start,
        TopLevel,
        Values,
        Done,
    }

    private sealed class Scanner(KoladaDataReader owner, string prefix)
    {
        private JsonReaderState _state;
        private Phase _phase = Phase.Start;

        public int RecordIndex { get; private set; }

        public bool Done => _phase == Phase.Done;

        /// <summary>Reads every complete token in <paramref name="data"/>; returns the bytes it used up.</summary>
        public int Scan(ReadOnlySpan<byte> data, bool final, List<ImportRow> rows)
        {
            var reader = new Utf8JsonReader(data, final, _state);
            var good = reader;
            while (_phase != Phase.Done && Step(ref reader, rows))
            {
                good = reader;
            }
            _state = good.CurrentState;
            return (int)good.BytesConsumed;
        }

        /// <summary>One complete step, or false (reader unchanged in effect) when more data is needed.</summary>
        private bool Step(ref Utf8JsonReader reader, List<ImportRow> rows)
        {
            var checkpoint = reader;
            if (!reader.Read())
            {
                return false;
            }
            switch (_phase)
            {
                case Phase.Start:
                    if (reader.TokenType != JsonTokenType.StartObject)
                    {
                        throw new JsonException($"{prefix}a Kolada response is a JSON object with a \"values\" array.");
                    }
                    _phase = Phase.TopLevel;
                    return true;
                case Phase.TopLevel:
                    if (reader.TokenType == JsonTokenType.EndObject)
                    {
                        _phase = Phase.Done;
                        return true;
                    }
                    var isValues = reader.ValueTextEquals("values"u8);
                    var isNextUrl = reader.ValueTextEquals("next_url"u8);
                    if (!reader.Read())
                    {
                        reader = checkpoint;
                        return false;
                    }
                    if (isValues)
                    {
                        if (reader.TokenType != JsonTokenType.StartArray)
                        {
                            throw new JsonException($"{prefix}\"values\" must be an array of Kolada records.");
                        }
                        _phase = Phase.Values;
                    }
                    else if (isNextUrl)
                    {
                        owner.NextUrl = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                    }
                    else if (!reader.TrySkip())
                    {
                        reader = checkpoint;
                        return false;
                    }
                    return true;
                default:
                    if (reader.TokenType == JsonTokenType.EndArray)
                    {
                        _phase = Phase.TopLevel;
                        return true;
                    }
                    var start = reader;
                    if (!reader.TrySkip())
                    {
                        reader = checkpoint;
                        return false;
                    }
                    AddRows(ref start, rows);
                    RecordIndex++;
                    return true;
            }
        }

        private void AddRows(ref Utf8JsonReader start, List<ImportRow> rows)
        {
            var position = $"{prefix}values[{RecordIndex}]";
            KoladaRecord? record;
            try
            {
                record = start.TokenType == JsonTokenType.StartObject
                    ? JsonSerializer.Deserialize<KoladaRecord>(ref start, RecordOptions)
                    : throw new JsonException("a record must be a JSON object");
            }
            catch (JsonException exception)
            {
                rows.Add(new ImportRow { Position = position, Error = "not a Kolada data record: " + exception.Message });
                return;
            }
            rows.AddRange(ToRows(record!, position));
        }
    }

    private static readonly JsonSerializerOptions RecordOptions = new()
    {
        PropertyNameCaseInsensitive = true,
        Converters = { new KoladaScalarConverter() },
    };

    internal static IEnumerable<ImportRow> ToRows(KoladaRecord record, string position)
    {
        string? recordError = null;
        var period = "";
        if (string.IsNullOrEmpty(record.Kpi))
        {
            recordError = "\"kpi\" is missing.";
        }
        else if (record.Municipality is null && record.Ou is not null)
        {
            recordError = $"organisational-unit values (\"ou\": \"{record.Ou}\") are not imported; only municipalities, regions and groups.";
        }
        else if (string.IsNullOrEmpty(record.Municipality))
        {
            recordError = "\"municipality\" is missing.";
        }
        else if (record.Period.Kind == KoladaScalarKind.Number && record.Period.IsFinite)
        {
            period = record.Period.Number.ToString(CultureInfo.InvariantCulture);
        }
        else if (record.Period.Kind == KoladaScalarKind.String)
        {
            period = record.Period.Text!;
        }
        else
        {
            recordError = "\"period\" must be a year such as 2024.";
        }
        if (recordError is not null)
        {
            yield return new ImportRow { Position = position, KpiId = record.Kpi ?? "", AreaId = record.Municipality ?? "", Error = recordError };
            yield break;
        }
        var values = record.Values ?? [];
        for (var i = 0; i < values.Count; i++)
        {
            var value = values[i];
            string? error = null;
            double? number = null;
            switch (value.Value.Kind)
            {
                case KoladaScalarKind.Null:
                    break;
                case KoladaScalarKind.Number when value.Value.IsFinite:
                    number = value.Value.Number;
                    break;
                case KoladaScalarKind.Number:
                    error = $"value {value.Value.Text} is not a finite number.";
                    break;
                case KoladaScalarKind.String when double.TryParse(value.Value.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) && double.IsFinite(parsed):
                    number = parsed;
                    break;
                default:
                    error = $"value {value.Value.Describe()} is not a number.";
                    break;
            }
            int? count = null;
            if (value.Count.Kind == KoladaScalarKind.Number && value.Count.IsFinite && value.Count.Number % 1 == 0 && value.Count.Number is >= 0 and <= int.MaxValue)
            {
                count = (int)value.Count.Number;
            }
            else if (value.Count.Kind != KoladaScalarKind.Null)
            {
                error ??= $"count {value.Count.Describe()} is not a whole number.";
            }
            yield return new ImportRow
            {
                Position = $"{position}.values[{i}]",
                KpiId = record.Kpi!,
                AreaId = record.Municipality!,
                Period = period,
                Gender = value.Gender ?? "",
                Value = number,
                Count = count,
                Status = value.Status,
                FromKolada = true,
                Deleted = value.IsDeleted ?? false,
                Error = error,
            };
        }
    }
}

internal sealed class KoladaRecord
{
    public string? Kpi { get; set; }
    public string? Municipality { get; set; }
    public string? Ou { get; set; }
    public KoladaScalar Period { get; set; }
    public List<KoladaValue>? Values { get; set; }
}

internal sealed class KoladaValue
{
    public string? Gender { get; set; }
    public KoladaScalar Value { get; set; }
    public KoladaScalar Count { get; set; }
    public string? Status { get; set; }
    [JsonPropertyName("isdeleted")]
    public bool? IsDeleted { get; set; }
}

internal enum KoladaScalarKind
{
    Null,
    Number,
    String,
    Other,
}

/// <summary>A JSON scalar read without failing, so that a bad value becomes a listed problem, not a crash.</summary>
internal readonly record struct KoladaScalar(KoladaScalarKind Kind, double Number, string? Text)
{
    public bool IsFinite => Kind == KoladaScalarKind.Number && Text is null;

    public string Describe() => Kind switch
    {
        KoladaScalarKind.String => $"\"{Text}\"",
        KoladaScalarKind.Null => "null",
        _ => Text ?? Number.ToString(CultureInfo.InvariantCulture),
    };
}

internal sealed class KoladaScalarConverter : JsonConverter<KoladaScalar>
{
    public override bool HandleNull => true;

    public override KoladaScalar Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return default;
            case JsonTokenType.Number:
                return reader.TryGetDouble(out var number) && double.IsFinite(number)
                    ? new KoladaScalar(KoladaScalarKind.Number, number, null)
                    : new KoladaScalar(KoladaScalarKind.Number, double.NaN, Encoding.UTF8.GetString(reader.ValueSpan));
            case JsonTokenType.String:
                return new KoladaScalar(KoladaScalarKind.String, 0, reader.GetString());
            default:
                var raw = reader.TokenType.ToString();
                reader.Skip();
                return new KoladaScalar(KoladaScalarKind.Other, 0, raw);
        }
    }

    public override void Write(Utf8JsonWriter writer, KoladaScalar value, JsonSerializerOptions options) =>
        throw new NotSupportedException();
}
