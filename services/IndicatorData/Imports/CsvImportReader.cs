using System.Globalization;
using System.Runtime.CompilerServices;

namespace Jamforelse.IndicatorData.Imports;

/// <summary>
/// The CSV import format: a header naming the columns, in any order.
/// Required: <c>kpi, area, period, value</c>. Optional: <c>gender</c> (T, K, M; default T),
/// <c>provider</c> (total, own, private; default total), <c>count</c>, <c>status</c>, <c>source</c>.
/// Comma-separated with a decimal point, or semicolon-separated (as Swedish Excel saves it) with a decimal
/// comma or point. An empty value is a missing value, never zero.
/// </summary>
public static class CsvImportReader
{
    public static readonly string[] RequiredColumns = ["kpi", "area", "period", "value"];
    public static readonly string[] OptionalColumns = ["gender", "provider", "count", "status", "source"];

    public static async IAsyncEnumerable<ImportRow> ReadRowsAsync(TextReader reader, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var headerLine = await reader.ReadLineAsync(cancellationToken);
        if (string.IsNullOrWhiteSpace(headerLine))
        {
            yield return new ImportRow { Position = "line 1", Error = "the CSV is empty; the first line must be a header: " + string.Join(",", RequiredColumns.Concat(OptionalColumns)) };
            yield break;
        }
        var separator = headerLine.Contains(';', StringComparison.Ordinal) ? ';' : ',';
        var header = headerLine.TrimStart('\uFEFF').Split(separator).Select(h => h.Trim().Trim('"').ToLowerInvariant()).ToArray();
        var missing = RequiredColumns.Where(c => !header.Contains(c)).ToList();
        var unknown = header.Where(h => !RequiredColumns.Contains(h) && !OptionalColumns.Contains(h)).ToList();
        if (missing.Count > 0 || unknown.Count > 0)
        {
            var problems = new List<string>();
            if (missing.Count > 0)
            {
                problems.Add("missing column(s) " + string.Join(", ", missing));
            }
            if (unknown.Count > 0)
            {
                problems.Add("unknown column(s) " + string.Join(", ", unknown));
            }
            yield return new ImportRow { Position = "line 1", Error = $"bad header: {string.Join("; ", problems)}. Columns: required {string.Join(",", RequiredColumns)}; optional {string.Join(",", OptionalColumns)}." };
            yield break;
        }
        int Index(string column) => Array.IndexOf(header, column);
        var (kpi, area, period, value) = (Index("kpi"), Index("area"), Index("period"), Index("value"));
        var (gender, provider, count, status, source) = (Index("gender"), Index("provider"), Index("count"), Index("status"), Index("source"));
        var decimalComma = separator == ';';

        await foreach (var (line, fields) in CsvReader.ReadAsync(reader, separator, cancellationToken))
        {
            var lineNumber = line + 1; // the header was line 1
            string Field(int index) => index >= 0 && index < fields.Length ? fields[index].Trim() : "";
            string? error = fields.Length != header.Length ? $"has {fields.Length} fields where the header has {header.Length}." : null;
            var valueText = Field(value);
            double? number = null;
            if (valueText.Length > 0)
            {
                if (TryParseNumber(valueText, decimalComma, out var parsed))
                {
                    number = parsed;
                }
                else
                {
                    error ??= $"value \"{valueText}\" is not a finite number.";
                }
            }
            int? countValue = null;
            var countText = Field(count);
            if (countText.Length > 0)
            {
                if (int.TryParse(countText, NumberStyles.None, CultureInfo.InvariantCulture, out var c))
                {
                    countValue = c;
                }
                else
                {
                    error ??= $"count \"{countText}\" is not a whole number.";
                }
            }
            yield return new ImportRow
            {
                Position = $"line {lineNumber}",
                KpiId = Field(kpi),
                AreaId = Field(area),
                Period = Field(period),
                Gender = gender < 0 || Field(gender).Length == 0 ? "T" : Field(gender),
                Provider = provider < 0 || Field(provider).Length == 0 ? "total" : Field(provider),
                Value = number,
                Count = countValue,
                Status = Field(status) is { Length: > 0 } s ? s : null,
                Source = Field(source) is { Length: > 0 } src ? src : null,
                Error = error,
            };
        }
    }

    private static bool TryParseNumber(string text, bool decimalComma, out double number)
    {
        var normalized = decimalComma ? text.Replace(',', '.').Replace(" ", "", StringComparison.Ordinal).Replace("\u00A0", "", StringComparison.Ordinal) : text;
        return double.TryParse(normalized, NumberStyles.Float, CultureInfo.InvariantCulture, out number) && double.IsFinite(number);
    }
}
