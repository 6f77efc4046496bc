using GraphQLParser.AST;

namespace Jamforelse.GraphQL.Execution;

/// <summary>
/// What an operation costs written out, every fragment copied in where it is spread: how many fields it
/// selects and how deep it nests (the number of fields on its longest path, graphql-dotnet's measure).
/// </summary>
public readonly record struct DocumentCost(long Fields, int Depth)
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
        var measured = MeasureFragments(fragments);
        return document.Definitions.OfType<GraphQLOperationDefinition>()
            .Select(operation => Measure(operation.SelectionSet, measured))
            .ToList();
    }

    /// <summary>
    /// Every fragment's cost, those it spreads measured before it. The order is found with a stack of our own
    /// rather than by recursion: a chain of thousands of fragments must not exhaust the thread's stack.
    /// </summary>
    private static Dictionary<string, DocumentCost> MeasureFragments(Dictionary<string, GraphQLFragmentDefinition> fragments)
    {
        var measured = new Dictionary<string, DocumentCost>(StringComparer.Ordinal);
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
                measured[name] = Measure(fragments[name].SelectionSet, measured);
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
    private static DocumentCost Measure(GraphQLSelectionSet selectionSet, Dictionary<string, DocumentCost> measured)
    {
        long fields = 0;
        var depth = 0;
        foreach (var selection in selectionSet.Selections)
        {
            var cost = selection switch
            {
                GraphQLField { SelectionSet: { } set } => Measure(set, measured).Below(),
                GraphQLField => new DocumentCost(1, 1),
                GraphQLInlineFragment inline => Measure(inline.SelectionSet, measured),
                GraphQLFragmentSpread spread => measured.GetValueOrDefault(spread.FragmentName.Name.StringValue),
                _ => default,
            };
            fields = SaturatingAdd(fields, cost.Fields);
            depth = Math.Max(depth, cost.Depth);
        }
        return new DocumentCost(fields, depth);
    }

    /// <summary>The cost of a field whose selection set costs this.</summary>
    private DocumentCost Below() => new(SaturatingAdd(Fields, 1), Depth + 1);

    /// <summary>Fragments spread twice per level double at each: past 62 levels the count stays at its largest.</summary>
    private static long SaturatingAdd(long a, long b) => a > long.MaxValue - b ? long.MaxValue : a + b;
}
