using System.Text;
using Jamforelse.IndicatorData.Kolada;

namespace Jamforelse.IndicatorData.Tests.Imports;

public sealed class KoladaDataReaderTests
{
    /// <summary>Hands out one byte per read, so every token boundary falls between two reads.</summary>
    private sealed class TrickleStream(byte[] data) : MemoryStream(data)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(1, buffer.Length)], cancellationToken);
    }

    private const string Page = """
        {"count": 2, "meta": {"nested": [1, {"a": "b"}]}, "values": [
          {"kpi": "N01951", "municipality": "0580", "period": 2025,
           "values": [{"gender": "K", "value": 82794, "count": 1, "status": "", "isdeleted": false},
                      {"gender": "T", "value": null, "count": null, "status": "missing"}]},
          {"kpi": "N01951", "municipality": "0581", "period": 2025, "values": [{"gender": "T", "value": 1e400}]}
        ], "next_url": "https://api.kolada.se/v3/data/kpi/N01951?page=2"}
        """;

    [Fact]
    public async Task Reads_every_value_even_when_the_stream_arrives_a_byte_at_a_time()
    {
        var reader = new KoladaDataReader();
        var rows = new List<Jamforelse.IndicatorData.Imports.ImportRow>();
        await foreach (var row in reader.ReadRowsAsync(new TrickleStream(Encoding.UTF8.GetBytes(Page)), "page 1: "))
        {
            rows.Add(row);
        }

        Assert.Equal(3, rows.Count);
        Assert.Equal(("K", 82794.0, 1), (rows[0].Gender, rows[0].Value!.Value, rows[0].Count!.Value));
        Assert.Equal("page 1: values[0].values[1]", rows[1].Position);
        Assert.Null(rows[1].Value);
        Assert.Equal("missing", rows[1].Status);
        Assert.Contains("not a finite number", rows[2].Error, StringComparison.Ordinal);
        Assert.Equal("https://api.kolada.se/v3/data/kpi/N01951?page=2", reader.NextUrl);
    }

    [Fact]
    public async Task A_truncated_response_is_an_error_not_a_short_import()
    {
        var truncated = Encoding.UTF8.GetBytes(Page[..120]);
        await Assert.ThrowsAnyAsync<System.Text.Json.JsonException>(async () =>
        {
            await foreach (var _ in new KoladaDataReader().ReadRowsAsync(new MemoryStream(truncated)))
            {
            }
        });
    }
}
