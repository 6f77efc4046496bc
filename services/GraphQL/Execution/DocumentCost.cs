using GraphQLParser.AST;

namespace Jamforelse.GraphQL.Execution;

/// <summary>
/// What an operation costs written out, every fragment copied in where it is spread: how many fields it
/// selects, how deep it nests (the number of fields on its longest path, graphql-dotnet's measure), and
/// how many of its fields at most answer to one response path (an upper bound).
/// </summary>
/// <remarks>
/// Fields on one response path ("a: hello" twice, or a.b in two fragments) are merged by execution, and
/// validation compares every pair of them (OverlappingFieldsCanBeMerged): 2,000 fields named "a" with
/// two different arguments took 100 s and answered a million errors (331 MB). Bounding the repeats
/// bounds that work to about <see cref="Repeats"/> × <see cref="Fields"/> comparisons.
/// </remarks>
public readonly record struct DocumentCost(long Fields, int Depth, long Repeats)
{
    /// <summary>
    /// The cost of each operation of <paramref name="document"/>, measuring each fragment once (pure).
    /// <para>
    /// graphql-dotnet's complexity analysis walks a fragment again at every spread, so fragments that each
    /// spread the next twice cost 2^n of work for a document of n lines; measured once and remembered, the
    /// work is linear in the document's size whatever it expands to. Fields are counted whether or not an
    /// @include or @skip would leave them out (the variables are not known here), so this is an upper bound.
    /// Spreads of unknown fragments and of fragments in a cycle count nothing: validation reports those.
    /// </para>
    /// </summary>
    public static IReadOnlyList<DocumentCost> OfOperations(GraphQLDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var fragments = new Dictionary<string, GraphQLFragmentDefinition>(StringComparer.Ordinal);
        foreach (var fragment in document.Definitions.OfType<GraphQLFragmentDefinition>())
        {
            fragments.TryAdd(fragment.FragmentName.Name.StringValue, fragment);
        }
        var budget = new Budget();
        try
        {
            var measured = MeasureFragments(fragments, budget);
            return document.Definitions.OfType<GraphQLOperationDefinition>()
                .Select(operation => Measure(operation.SelectionSet, measured, budget).Cost)
                .ToList();
        }
        catch (BudgetExceededException)
        {
            return [new DocumentCost(long.MaxValue, 0, long.MaxValue)];
        }
    }

    /// <summary>
    /// How many response names may be carried from the fragments into the selection sets that spread them.
    /// Each spread copies its fragment's names, so a chain of fragments each adding a name costs the square of
    /// its length (5,310 in a 256 KB body took 4 s); no document a person writes comes near this, and one that
    /// reaches it is reported as larger than can be counted.
    /// </summary>
    public const int MeasuringBudget = 250_000;

    /// <summary>
    /// Every fragment's cost, those it spreads measured before it. The order is found with a stack of our own
    /// rather than by recursion: a chain of thousands of fragments must not exhaust the thread's stack.
    /// </summary>
    private static Dictionary<string, Measurement> MeasureFragments(Dictionary<string, GraphQLFragmentDefinition> fragments, Budget budget)
    {
        var measured = new Dictionary<string, Measurement>(StringComparer.Ordinal);
        var started = new HashSet<string>(StringComparer.Ordinal);
        foreach (var root in fragments.Keys)
        {
            if (!started.Add(root))
            {
                continue;
            }
            var pending = new Stack<(string Name, IEnumerator<string> Spreads)>();
            pending.Push((root, SpreadNames(fragments[root].SelectionSet).GetEnumerator()));
            while (pending.Count > 0)
            {
                var (name, spreads) = pending.Peek();
                if (spreads.MoveNext())
                {
                    // A fragment already started is measured or on the stack (a cycle: it counts nothing here).
                    if (fragments.TryGetValue(spreads.Current, out var next) && started.Add(spreads.Current))
                    {
                        pending.Push((spreads.Current, SpreadNames(next.SelectionSet).GetEnumerator()));
                    }
                    continue;
                }
                spreads.Dispose();
                pending.Pop();
                measured[name] = Measure(fragments[name].SelectionSet, measured, budget);
            }
        }
        return measured;
    }

    /// <summary>The names of the fragments spread in <paramref name="selectionSet"/>, at any depth within it.</summary>
    private static IEnumerable<string> SpreadNames(GraphQLSelectionSet selectionSet)
    {
        // The parser bounds how deeply a selection set nests, so this recursion is bounded too.
        foreach (var selection in selectionSet.Selections)
        {
            var nested = selection switch
            {
                GraphQLFragmentSpread spread => [spread.FragmentName.Name.StringValue],
                GraphQLField { SelectionSet: { } set } => SpreadNames(set),
                GraphQLInlineFragment inline => SpreadNames(inline.SelectionSet),
                _ => [],
            };
            foreach (var name in nested)
            {
                yield return name;
            }
        }
    }

    /// <summary>The cost of <paramref name="selectionSet"/> with the fragments it spreads taken from <paramref name="measured"/>.</summary>
    private static Measurement Measure(GraphQLSelectionSet selectionSet, Dictionary<string, Measurement> measured, Budget budget)
    {
        var measurement = new Measurement();
        foreach (var selection in selectionSet.Selections)
        {
            switch (selection)
            {
                case GraphQLField field:
                    var below = field.SelectionSet is { } set ? Measure(set, measured, budget).Cost : new DocumentCost(0, 0, 1);
                    measurement.Add(
                        field.Alias?.Name.StringValue ?? field.Name.StringValue,
                        new DocumentCost(SaturatingAdd(below.Fields, 1), below.Depth + 1, Math.Max(below.Repeats, 1)));
                    break;
                case GraphQLInlineFragment inline:
                    measurement.Merge(Measure(inline.SelectionSet, measured, budget), budget);
                    break;
                case GraphQLFragmentSpread spread when measured.TryGetValue(spread.FragmentName.Name.StringValue, out var fragment):
                    measurement.Merge(fragment, budget);
                    break;
            }
        }
        return measurement;
    }

    /// <summary>A selection set's cost, and per response name at its level how many fields answer to it and the most any of them repeats below.</summary>
    private sealed class Measurement
    {
        private readonly Dictionary<string, (long Count, long RepeatsBelow)> names = new(StringComparer.Ordinal);

        public DocumentCost Cost { get; private set; }

        public void Add(string responseName, DocumentCost field) =>
            Add(responseName, 1, field.Repeats, field.Fields, field.Depth);

        public void Merge(Measurement other, Budget budget)
        {
            budget.Spend(other.names.Count);
            foreach (var (name, (count, repeatsBelow)) in other.names)
            {
                Add(name, count, repeatsBelow, 0, 0);
            }
            Cost = Cost with { Fields = SaturatingAdd(Cost.Fields, other.Cost.Fields), Depth = Math.Max(Cost.Depth, other.Cost.Depth) };
        }

        private void Add(string responseName, long count, long repeatsBelow, long fields, int depth)
        {
            var (known, knownBelow) = names.GetValueOrDefault(responseName);
            var entry = (Count: SaturatingAdd(known, count), RepeatsBelow: Math.Max(knownBelow, repeatsBelow));
            names[responseName] = entry;
            // Every field on this path may meet every field on a deeper path below any of them.
            Cost = new DocumentCost(
                SaturatingAdd(Cost.Fields, fields),
                Math.Max(Cost.Depth, depth),
                Math.Max(Cost.Repeats, SaturatingMultiply(entry.Count, entry.RepeatsBelow)));
        }
    }

    private sealed class Budget
    {
        private long spent;

        public void Spend(int names)
        {
            spent += names;
            if (spent > MeasuringBudget)
            {
                throw new BudgetExceededException();
            }
        }
    }

    private sealed class BudgetExceededException : Exception
    {
    }

    /// <summary>Fragments spread twice per level double at each: past 62 levels the count stays at its largest.</summary>
    private static long SaturatingAdd(long a, long b) => a > long.MaxValue - b ? long.MaxValue : a + b;

    private static long SaturatingMultiply(long a, long b) => b != 0 && a > long.MaxValue / b ? long.MaxValue : a * b;
}
