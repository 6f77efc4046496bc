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
    private static readonly CultureInfo Swedish = CultureInfo.GetCultureInfo("sv-SE");

    public static string? Validate(ExportTable? table) =>
        table is null ? "Send the table as JSON: {title, source, headers, rows}."
        : table.Headers is not { Count: > 0 } headers ? "headers is required: the column names."
        : table.Rows is null ? "rows is required (may be empty)."
        : table.Rows.Any(r => r is null || r.Count != headers.Count) ? $"every row needs {headers.Count} cells, as many as headers."
        : (long)table.Rows.Count * headers.Count > MaxCells ? $"at most {MaxCells} cells."
        : string.IsNullOrWhiteSpace(table.Source) ? "source is required: where the numbers come from (\"Källa: Kolada\")."
        : null;

    public static byte[] ToCsv(ExportTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var csv = new StringBuilder();
        csv.AppendLine(string.Join(';', table.Headers!.Select(Quote)));
        foreach (var row in table.Rows!)
        {
            csv.AppendLine(string.Join(';', row.Select(c => c.Number is { } n ? n.ToString("G15", Swedish) : Quote(c.Text ?? ""))));
        }
        csv.AppendLine(Quote(table.Source!));
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
            sheet.Cell(r, 1).Value = table.Title;
            sheet.Cell(r, 1).Style.Font.Bold = true;
            r += 2;
        }
        for (var c = 0; c < table.Headers!.Count; c++)
        {
            sheet.Cell(r, c + 1).Value = table.Headers[c];
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
                    // Text stays text (a year label "2024" is not a number to sum).
                    sheet.Cell(r, c + 1).Value = row[c].Text ?? "";
                    sheet.Cell(r, c + 1).DataType = XLDataType.Text;
                }
            }
        }
        sheet.Cell(r + 2, 1).Value = table.Source;
        using var stream = new MemoryStream();
        workbook.SaveAs(stream);
        return stream.ToArray();
    }

    private static string Quote(string text) =>
        text.IndexOfAny([';', '"', '\n', '\r']) >= 0 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;
}
