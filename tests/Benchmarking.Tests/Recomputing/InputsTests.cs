using Jamforelse.Benchmarking.Recomputing;

namespace Jamforelse.Benchmarking.Tests.Recomputing;

public sealed class InputsTests
{
    [Fact]
    public void A_sum_of_key_figures_is_missing_where_any_part_is_missing()
    {
        var upperSecondary = new Dictionary<string, double?> { ["0580"] = 40.0, ["0581"] = 45.5, ["0180"] = null };
        var postSecondary = new Dictionary<string, double?> { ["0580"] = 48.0, ["0581"] = 35.0, ["0180"] = 60.0, ["1280"] = 50.0 };
        var sum = Inputs.Sum([upperSecondary, postSecondary]);
        Assert.Equal(88.0, sum["0580"]);
        Assert.Equal(80.5, sum["0581"]);
        Assert.Null(sum["0180"]);
        Assert.Null(sum["1280"]);
    }

    [Fact]
    public void A_regions_municipalities_share_its_county_code()
    {
        Assert.Equal(["0509", "0580", "0581"], Inputs.MunicipalitiesOfRegion("0005", ["0580", "0181", "0581", "0509", "1280"]));
        Assert.Empty(Inputs.MunicipalitiesOfRegion("G37449", ["0580"]));
    }

    [Fact]
    public void Population_is_the_total_of_the_same_year()
    {
        var population = Inputs.PopulationOf(
        [
            new("0580", "2024", "T", "total", 166_000), new("0580", "2024", "K", "total", 82_000),
            new("0580", "2023", "T", "total", 165_000), new("0581", "2024", "T", "total", null),
        ], "2024-interim");
        Assert.Equal(new Dictionary<string, double> { ["0580"] = 166_000 }, population);
    }
}
