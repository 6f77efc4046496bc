using System.Globalization;
using Jamforelse.Benchmarking.Engine;

namespace Jamforelse.Benchmarking.Assessments;

/// <summary>The assessment's sentences in Swedish and English, with the numbers the grade rests on.</summary>
internal static class AssessmentSentences
{
    private static readonly Language Swedish = new(SwedishNumbers(), PercentAfterValue: " %", Points: "procentenheter");
    private static readonly Language English = new(NumberFormatInfo.InvariantInfo, PercentAfterValue: "%", Points: "percentage points");

    public static string Label(Grade grade) => grade switch
    {
        Grade.Met => "Uppfyllt",
        Grade.PartlyMet => "Delvis uppfyllt",
        Grade.NotMet => "Ej uppfyllt",
        Grade.CannotBeAssessed => "Kan ej bedömas",
        _ => throw new ArgumentOutOfRangeException(nameof(grade), grade, "Unknown grade."),
    };

    /// <summary>The sentences with the numbers; the measurement must be assessable.</summary>
    public static Words Explain(RuleShape shape, Better better, int year, Measurement m, AssessmentWording w) => shape switch
    {
        RuleShape.GapToReferenceNarrows => GapNarrows(Need(m.Gap), Need(m.BaselineGap), Need(m.Value), Need(m.ReferenceValue), Need(m.ComparedYear), w),
        RuleShape.BetterThanReference => BetterThanReference(better, year, m, w),
        RuleShape.ChangeAgainstBaseline => ChangeAgainstBaseline(Need(m.BaselineValue), Need(m.Value), Need(m.ComparedYear), w),
        RuleShape.DevelopmentBetterThanReference => Development(Need(m.Change), Need(m.ReferenceChange), Need(m.ComparedYear), w),
        _ => throw new ArgumentOutOfRangeException(nameof(shape), shape, "Unknown rule shape."),
    };

    public static Words ProgressReason(RuleShape shape, AssessmentWording w) => shape switch
    {
        RuleShape.GapToReferenceNarrows => new(
            $"Utvecklingen går åt rätt håll men skillnaden mot {w.ReferenceSv} har inte minskat.",
            $"Moving in the right direction, but the gap to {w.ReferenceEn} has not narrowed."),
        RuleShape.BetterThanReference => new(
            $"Utvecklingen går åt rätt håll men {w.Subject} är ännu inte bättre än {w.ReferenceSv}.",
            $"Moving in the right direction, but {w.Subject} is not yet better than {w.ReferenceEn}."),
        RuleShape.DevelopmentBetterThanReference => new(
            $"Utvecklingen går åt rätt håll men är inte bättre än för {w.ReferenceSv}.",
            $"Moving in the right direction, but not better than {w.ReferenceEn}."),
        _ => throw new ArgumentOutOfRangeException(nameof(shape), shape, "This rule shape has no partial progress."),
    };

    /// <summary>Met in total, but not for women or men (at least one of them fails).</summary>
    public static Words MetInTotalOnly(bool womenHold, bool menHold) => (womenHold, menHold) switch
    {
        (false, false) => new("Uppfyllt totalt men varken för kvinnor eller män.", "Met in total but neither for women nor for men."),
        (false, _) => new("Uppfyllt totalt men inte för kvinnor.", "Met in total but not for women."),
        _ => new("Uppfyllt totalt men inte för män.", "Met in total but not for men."),
    };

    /// <summary>Not met in total, but met for women or men (null = not split out or not assessable).</summary>
    public static Words MetByGenderOnly(bool? womenHold, bool? menHold)
    {
        if (womenHold == true && menHold == true)
            return new("Uppfyllt för kvinnor och män men inte totalt.", "Met for women and for men but not in total.");
        var (sv, en, otherSv, otherEn, otherHolds) = womenHold == true
            ? ("kvinnor", "women", "män", "men", menHold)
            : ("män", "men", "kvinnor", "women", womenHold);
        return otherHolds == false
            ? new($"Uppfyllt för {sv} men inte för {otherSv}.", $"Met for {en} but not for {otherEn}.")
            : new($"Uppfyllt för {sv} men inte totalt.", $"Met for {en} but not in total.");
    }

    public static Words YearNotAfterBaseline(int year, int baselineYear) => new(
        $"Året {year} ligger inte efter basåret {baselineYear}.",
        $"Cannot be assessed: the year {year} is not after the baseline year {baselineYear}.");

    public static Words Missing(IReadOnlyList<NeededValue> missing, AssessmentWording w) => new(
        $"Värde saknas för {Join(missing.Select(v => $"{(v.IsReference ? w.ReferenceSv : w.Subject)} {v.Year}"), "och")}.",
        $"Cannot be assessed: no value for {Join(missing.Select(v => $"{(v.IsReference ? w.ReferenceEn : w.Subject)} in {v.Year}"), "and")}.");

    /// <summary>All values are of the same baseline year.</summary>
    public static Words ZeroBaseline(IReadOnlyList<NeededValue> zero, AssessmentWording w) => new(
        $"Basvärdet {zero[0].Year} är noll för {Join(zero.Select(v => v.IsReference ? w.ReferenceSv : w.Subject), "och")}, så den relativa utvecklingen kan inte beräknas.",
        $"Cannot be assessed: the baseline value in {zero[0].Year} is zero for {Join(zero.Select(v => v.IsReference ? w.ReferenceEn : w.Subject), "and")}, so the relative change cannot be computed.");

    private static Words GapNarrows(double gap, double baselineGap, double value, double reference, int baselineYear, AssessmentWording w)
    {
        if (gap <= 0)
        {
            var d = Decimals(value, reference);
            var (sv, en) = gap < 0 ? ("bättre än", "better than") : ("lika bra som", "as good as");
            return new(
                $"{w.Subject} är nu {sv} {w.ReferenceSv} ({ValueText(value, d, w.Unit, Swedish)} mot {ValueText(reference, d, w.Unit, Swedish)}).",
                $"{w.Subject} is now {en} {w.ReferenceEn} ({ValueText(value, d, w.Unit, English)} vs {ValueText(reference, d, w.Unit, English)}).");
        }
        return GapChange(gap, baselineGap, baselineYear, w);
    }

    /// <summary>How the gap changed, for a subject that is now worse than the reference (gap &gt; 0).</summary>
    private static Words GapChange(double gap, double earlierGap, int earlierYear, AssessmentWording w)
    {
        if (earlierGap <= 0)
        {
            var (sv, en) = earlierGap < 0 ? ("bättre än", "better than") : ("lika bra som", "as good as");
            return new(
                $"{w.Subject} var {sv} {w.ReferenceSv} {earlierYear} men är nu {PointsText(gap, 1, w.Unit, Swedish)} sämre.",
                $"{w.Subject} was {en} {w.ReferenceEn} in {earlierYear} but is now {PointsText(gap, 1, w.Unit, English)} worse.");
        }
        var d = Decimals(earlierGap, gap);
        if (Number(gap, d, English) == Number(earlierGap, d, English))
            return new(
                $"Skillnaden mellan {w.Subject} och {w.ReferenceSv} är oförändrad, {PointsText(gap, d, w.Unit, Swedish)}, jämfört med {earlierYear}.",
                $"The gap between {w.Subject} and {w.ReferenceEn} is unchanged at {PointsText(gap, d, w.Unit, English)} compared with {earlierYear}.");
        var (verbSv, verbEn) = gap < earlierGap ? ("minskat", "narrowed") : ("ökat", "widened");
        return new(
            $"Skillnaden mellan {w.Subject} och {w.ReferenceSv} har {verbSv} från {Number(earlierGap, d, Swedish)} till {PointsText(gap, d, w.Unit, Swedish)} jämfört med {earlierYear}.",
            $"The gap between {w.Subject} and {w.ReferenceEn} has {verbEn} from {Number(earlierGap, d, English)} to {PointsText(gap, d, w.Unit, English)} compared with {earlierYear}.");
    }

    /// <summary>Where the subject lies against the reference; when it is not better, also how the gap moved since the previous year.</summary>
    private static Words BetterThanReference(Better better, int year, Measurement m, AssessmentWording w)
    {
        double value = Need(m.Value), reference = Need(m.ReferenceValue), gap = Need(m.Gap);
        var d = Decimals(value, reference);
        var (sv, en) = value > reference ? ("över", "above") : value < reference ? ("under", "below") : ("på samma nivå som", "level with");
        // "Below" reads as worse unless the reader is told that lower is better.
        var (noteSv, noteEn) = better == Better.Lower && value != reference
            ? gap < 0 ? (", vilket är bättre eftersom lägre är bättre", ", which is better since lower is better") : (", vilket är sämre eftersom lägre är bättre", ", which is worse since lower is better")
            : ("", "");
        var position = new Words(
            $"{w.Subject} ({ValueText(value, d, w.Unit, Swedish)}) ligger {sv} {w.ReferenceSv} ({ValueText(reference, d, w.Unit, Swedish)}) {year}{noteSv}.",
            $"{w.Subject} ({ValueText(value, d, w.Unit, English)}) is {en} {w.ReferenceEn} ({ValueText(reference, d, w.Unit, English)}) in {year}{noteEn}.");
        return gap > 0 && m.BaselineGap is { } previousGap && m.ComparedYear is { } previousYear
            ? position.Then(GapChange(gap, previousGap, previousYear, w))
            : position;
    }

    private static Words ChangeAgainstBaseline(double baseline, double value, int baselineYear, AssessmentWording w)
    {
        var d = Decimals(baseline, value);
        if (Number(value, d, English) == Number(baseline, d, English))
            return new(
                $"Värdet är oförändrat, {ValueText(value, d, w.Unit, Swedish)}, jämfört med {baselineYear}.",
                $"The value is unchanged at {ValueText(value, d, w.Unit, English)} compared with {baselineYear}.");
        var (sv, en) = value > baseline ? ("ökat", "increased") : ("minskat", "decreased");
        return new(
            $"Värdet har {sv} från {Number(baseline, d, Swedish)} till {ValueText(value, d, w.Unit, Swedish)} jämfört med {baselineYear}.",
            $"The value has {en} from {Number(baseline, d, English)} to {ValueText(value, d, w.Unit, English)} compared with {baselineYear}.");
    }

    private static Words Development(double change, double referenceChange, int baselineYear, AssessmentWording w)
    {
        var d = Decimals(change * 100, referenceChange * 100);
        return new(
            $"{w.Subject} har utvecklats med {SignedPercent(change, d, Swedish)} sedan {baselineYear}, {w.ReferenceSv} med {SignedPercent(referenceChange, d, Swedish)}.",
            $"{w.Subject} has changed by {SignedPercent(change, d, English)} since {baselineYear}, {w.ReferenceEn} by {SignedPercent(referenceChange, d, English)}.");
    }

    /// <summary>
    /// One decimal, unless two different numbers that are set against each other would then print the same:
    /// then two, so that the reader sees the difference the grade rests on.
    /// </summary>
    private static int Decimals(double a, double b) =>
        a != b && Number(a, 1, English) == Number(b, 1, English) ? 2 : 1;

    private static string Number(double x, int decimals, Language language)
    {
        var rounded = Math.Round(x, decimals, MidpointRounding.AwayFromZero);
        // A small negative number rounds to -0, which would print as "-0,0".
        return (rounded == 0 ? 0 : rounded).ToString("N" + decimals.ToString(CultureInfo.InvariantCulture), language.Numbers);
    }

    /// <summary>A value with its unit: "27,4 %", "4,6 ton".</summary>
    private static string ValueText(double x, int decimals, string? unit, Language language) => unit switch
    {
        null => Number(x, decimals, language),
        "%" => Number(x, decimals, language) + language.PercentAfterValue,
        _ => $"{Number(x, decimals, language)} {unit}",
    };

    /// <summary>A difference of values: of percentages in percentage points, otherwise in the unit.</summary>
    private static string PointsText(double x, int decimals, string? unit, Language language) => unit switch
    {
        null => Number(x, decimals, language),
        "%" => $"{Number(x, decimals, language)} {language.Points}",
        _ => $"{Number(x, decimals, language)} {unit}",
    };

    /// <summary>A relative change as a signed percent: "+3,2 %", "-1,1 %".</summary>
    private static string SignedPercent(double change, int decimals, Language language)
    {
        var text = Number(change * 100, decimals, language);
        return (Math.Round(change * 100, decimals, MidpointRounding.AwayFromZero) > 0 ? "+" : "") + text + language.PercentAfterValue;
    }

    private static string Join(IEnumerable<string> items, string and)
    {
        var list = items.ToArray();
        return list.Length <= 1 ? string.Concat(list) : $"{string.Join(", ", list[..^1])} {and} {list[^1]}";
    }

    private static NumberFormatInfo SwedishNumbers()
    {
        var format = (NumberFormatInfo)CultureInfo.GetCultureInfo("sv-SE").NumberFormat.Clone();
        // ICU's Swedish minus is U+2212; a plain "-" reads the same and survives copying, searching and parsing.
        format.NegativeSign = "-";
        return format;
    }

    private static T Need<T>(T? value) where T : struct =>
        value ?? throw new InvalidOperationException("An assessable measurement lacks a number its sentence needs.");

    private sealed record Language(NumberFormatInfo Numbers, string PercentAfterValue, string Points);
}
