using System.Net;
using System.Net.Http.Json;
using System.Text;
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
}
