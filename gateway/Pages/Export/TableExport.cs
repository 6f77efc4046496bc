using System.Globalization;
using System.Text;
using ClosedXML.Excel;

namespace Jamforelse.Pages.Export;

/// <summary>A table as the dashboard shows it: a title, the source line, column headers and rows (numbers or text).</summary>
public sealed record ExportTable(string? Title, string? Source, List<string>? Headers, List<List<ExportCell>>? Rows);

/// <summary>A cell: a number (null when missing) or a text.</summary>
public sealed record ExportCell(double? Number, string? Text);

/// <summary>Writes the dashboard's table as CSV for Swedish Excel (semicolons, decimal comma, UTF-8 with BOM) or as .xlsx (pure).</summary>
public static class TableExport
{
    public const int MaxCells = 200_000;
    /// <summary>Swedish numbers with the ASCII minus: ICU's sv-SE writes U+2212, which Excel reads as text, not a number.</summary>
    private static readonly NumberFormatInfo Swedish = SwedishNumbers();

    public static string? Validate(ExportTable? table) =>
        table is null ? "Send the table as JSON: {title, source, headers, rows}."
        : table.Headers is not { Count: > 0 } headers ? "headers is required: the column names."
        : headers.Any(h => h is null) ? "every header is a text, not null."
        : table.Rows is null ? "rows is required (may be empty)."
        : table.Rows.Any(r => r is null || r.Count != headers.Count) ? $"every row needs {headers.Count} cells, as many as headers."
        : (long)table.Rows.Count * headers.Count > MaxCells ? $"at most {MaxCells} cells."
        : table.Rows.Any(r => r.Any(c => c is null)) ? "every cell is an object, {number} or {text}, not null."
        // JSON has no infinity, but a number too large for a double (1e309) reads as one; no spreadsheet shows it.
        : table.Rows.Any(r => r.Any(c => c.Number is { } n && !double.IsFinite(n))) ? "every number must be finite (1e309 is too large)."
        : string.IsNullOrWhiteSpace(table.Source) ? "source is required: where the numbers come from (\"Källa: Kolada\")."
        : null;

    /// <summary>
    /// Text a spreadsheet would read as a formula (=, +, -, @, tab or carriage return first) gets a leading
    /// apostrophe, as OWASP advises against CSV injection: the table comes from the client and may carry a
    /// municipality's own texts. Numbers are written as numbers and never need it.
    /// </summary>
    public static string Neutralise(string text) =>
        text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + text : text;

    public static byte[] ToCsv(ExportTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var csv = new StringBuilder();
        csv.AppendLine(string.Join(';', table.Headers!.Select(Text)));
        foreach (var row in table.Rows!)
        {
            csv.AppendLine(string.Join(';', row.Select(c => c.Number is { } n ? n.ToString("G15", Swedish) : Text(c.Text ?? ""))));
        }
        csv.AppendLine(Text(table.Source!));
        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(csv.ToString())];
    }

    public static byte[] ToXlsx(ExportTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        using var workbook = new XLWorkbook();
        var sheet = workbook.Worksheets.Add("Jämförelse");
        var r = 1;
        if (!string.IsNullOrWhiteSpace(table.Title))
        {
            SetText(sheet.Cell(r, 1), table.Title);
            sheet.Cell(r, 1).Style.Font.Bold = true;
            r += 2;
        }
        for (var c = 0; c < table.Headers!.Count; c++)
        {
            SetText(sheet.Cell(r, c + 1), table.Headers[c]);
            sheet.Cell(r, c + 1).Style.Font.Bold = true;
        }
        foreach (var row in table.Rows!)
        {
            r++;
            for (var c = 0; c < row.Count; c++)
            {
                if (row[c].Number is { } number)
                {
                    sheet.Cell(r, c + 1).Value = number;
                }
                else
                {
                    SetText(sheet.Cell(r, c + 1), row[c].Text ?? "");
                }
            }
        }
        SetText(sheet.Cell(r + 2, 1), table.Source!);
        using var stream = new MemoryStream();
        workbook.SaveAs(stream);
        return stream.ToArray();
    }

    /// <summary>
    /// Text stays text (a year label "2024" is not a number to sum). An xlsx string cell is not evaluated when the
    /// file opens, but it becomes a formula once someone edits it, so it is neutralised as in the CSV.
    /// </summary>
    private static void SetText(IXLCell cell, string text)
    {
        cell.SetValue(Neutralise(text));
        cell.DataType = XLDataType.Text;
    }

    /// <summary>A CSV field: neutralised, and quoted when it holds a separator (either list separator: Excel in another locale splits on commas), a quote or a line break.</summary>
    private static string Text(string text)
    {
        var safe = Neutralise(text);
        return safe.IndexOfAny([';', ',', '"', '\n', '\r']) >= 0 ? "\"" + safe.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : safe;
    }

    private static NumberFormatInfo SwedishNumbers()
    {
        var numbers = (NumberFormatInfo)CultureInfo.GetCultureInfo("sv-SE").NumberFormat.Clone();
        numbers.NegativeSign = "-";
        return NumberFormatInfo.ReadOnly(numbers);
    }
}
