using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Jamforelse.Pages.Export;

namespace Jamforelse.Pages.Tests;

/// <summary>The dashboard's export: Swedish CSV and xlsx from the table it is sent, and clear refusals.</summary>
public sealed class ExportTests(PagesFactory factory) : IClassFixture<PagesFactory>
{
    private static readonly ExportTable Table = new("N03920 Arbetslösa", "Källa: Kolada", ["År", "Linköping; centrum", "Norrköping"],
        [[new(null, "2023"), new(4.9, null), new(null, null)], [new(null, "2024"), new(1234.5, null), new(5.9, null)]]);

    [Fact]
    public void Csv_is_for_Swedish_Excel_semicolons_decimal_comma_bom_and_the_source_last()
    {
        var bytes = TableExport.ToCsv(Table);
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["År;\"Linköping; centrum\";Norrköping", "2023;4,9;", "2024;1234,5;5,9", "Källa: Kolada"], lines);
    }

    [Fact]
    public async Task Bad_tables_and_formats_are_refused_with_problem_details()
    {
        await factory.StartAsync();
        using var client = new HttpClient { BaseAddress = factory.Address };
        using var ok = await client.PostAsJsonAsync(new Uri("/dashboard/export?format=xlsx", UriKind.Relative), Table);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ok.Content.Headers.ContentType?.MediaType);
        foreach (var (url, body) in new (string, object)[]
        {
            ("/dashboard/export?format=pdf", Table),
            ("/dashboard/export?format=csv", new { headers = new[] { "År" }, rows = new[] { new[] { new { text = "2024" }, new { text = "x" } } }, source = "Källa: Kolada" }),
            ("/dashboard/export?format=csv", new { headers = new[] { "År" }, rows = Array.Empty<object>() }),
        })
        {
            using var refused = await client.PostAsJsonAsync(new Uri(url, UriKind.Relative), body);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        }
        using var malformed = await client.PostAsync(new Uri("/dashboard/export?format=csv", UriKind.Relative), new StringContent("{\"rows\": [", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
    }

    /// <summary>Texts a spreadsheet would run as formulas, one per column, and a negative number that must stay a number.</summary>
    private static readonly ExportTable Hostile = new("=HYPERLINK(\"http://example.org\")", "@Källa", ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1", "Ort, =1+1", "Tal"],
        [[new(null, "=1+1"), new(null, "+SUM(A1:A2)"), new(null, "-2+3"), new(null, "@x"), new(null, "\t=2"), new(null, "\r=3"), new(null, "Lund,=1+1"), new(-4.9, null)]]);

    [Fact]
    public async Task Csv_cells_a_spreadsheet_would_run_as_formulas_read_back_as_text_and_numbers_as_numbers()
    {
        await factory.StartAsync();
        using var client = new HttpClient { BaseAddress = factory.Address };

        using var response = await client.PostAsJsonAsync(new Uri("/dashboard/export?format=csv", UriKind.Relative), Hostile);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var rows = ParseCsv(Encoding.UTF8.GetString((await response.Content.ReadAsByteArrayAsync())[3..]));

        Assert.Equal(["'=1+1", "'+1", "'-1", "'@SUM(A1)", "'\t=1", "'\r=1", "Ort, =1+1", "Tal"], rows[0]);
        Assert.Equal(["'=1+1", "'+SUM(A1:A2)", "'-2+3", "'@x", "'\t=2", "'\r=3", "Lund,=1+1", "-4,9"], rows[1]);
        Assert.Equal(["'@Källa"], rows[2]);
        Assert.Equal(3, rows.Count);
    }

    [Fact]
    public async Task Xlsx_cells_a_spreadsheet_would_run_as_formulas_are_strings_and_numbers_are_numbers()
    {
        await factory.StartAsync();
        using var client = new HttpClient { BaseAddress = factory.Address };

        using var response = await client.PostAsJsonAsync(new Uri("/dashboard/export?format=xlsx", UriKind.Relative), Hostile);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var file = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
        using var workbook = SpreadsheetDocument.Open(file, isEditable: false);
        var part = workbook.WorkbookPart!;
        var strings = part.SharedStringTablePart?.SharedStringTable.Elements<SharedStringItem>().Select(i => i.InnerText).ToList() ?? [];
        var cells = part.WorksheetParts.Single().Worksheet.Descendants<Cell>().ToDictionary(c => c.CellReference!.Value!);

        Assert.Empty(part.WorksheetParts.Single().Worksheet.Descendants<CellFormula>());
        string Text(string reference)
        {
            var cell = cells[reference];
            return cell.DataType?.Value == CellValues.SharedString ? strings[int.Parse(cell.CellValue!.Text, CultureInfo.InvariantCulture)]
                : cell.DataType?.Value == CellValues.InlineString ? cell.InlineString!.InnerText
                : throw new Xunit.Sdk.XunitException($"{reference} is not a string but {cell.DataType?.Value.ToString() ?? "a number"}.");
        }
        Assert.Equal("'=HYPERLINK(\"http://example.org\")", Text("A1"));
        Assert.Equal("'=1+1", Text("A3"));
        Assert.Equal("'=1+1", Text("A4"));
        Assert.Equal("'+SUM(A1:A2)", Text("B4"));
        Assert.Equal("'-2+3", Text("C4"));
        Assert.Equal("'@x", Text("D4"));
        Assert.Equal("'@Källa", Text("A6"));
        var number = cells["H4"];
        Assert.True(number.DataType is null || number.DataType.Value == CellValues.Number);
        Assert.Equal(-4.9, double.Parse(number.CellValue!.Text, CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("""{"source":"Källa: Kolada","headers":["Tal"],"rows":[[{"number":1e309}]]}""")]
    [InlineData("""{"source":"Källa: Kolada","headers":["Tal"],"rows":[[{"number":-1e309}]]}""")]
    [InlineData("""{"source":"Källa: Kolada","headers":["Tal"],"rows":[[null]]}""")]
    [InlineData("""{"source":"Källa: Kolada","headers":[null],"rows":[]}""")]
    public async Task A_table_with_a_number_no_spreadsheet_holds_or_a_null_cell_is_refused_with_problem_details(string body)
    {
        await factory.StartAsync();
        using var client = new HttpClient { BaseAddress = factory.Address };

        foreach (var format in new[] { "csv", "xlsx" })
        {
            using var content = new StringContent(body, Encoding.UTF8, "application/json");
            using var refused = await client.PostAsync(new Uri($"/dashboard/export?format={format}", UriKind.Relative), content);

            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        }
    }

    /// <summary>RFC 4180 with semicolons: quoted fields may hold separators, doubled quotes and line breaks.</summary>
    private static List<List<string>> ParseCsv(string text)
    {
        var rows = new List<List<string>>();
        var row = new List<string>();
        var field = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '"' && field.Length == 0)
            {
                for (i++; i < text.Length && !(text[i] == '"' && (i + 1 == text.Length || text[i + 1] != '"')); i++)
                {
                    field.Append(text[i]);
                    i += text[i] == '"' ? 1 : 0;
                }
            }
            else if (c == ';')
            {
                row.Add(field.ToString());
                field.Clear();
            }
            else if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n' || c == '\n')
            {
                i += c == '\r' ? 1 : 0;
                row.Add(field.ToString());
                field.Clear();
                rows.Add(row);
                row = [];
            }
            else
            {
                field.Append(c);
            }
        }
        return rows;
    }
}
