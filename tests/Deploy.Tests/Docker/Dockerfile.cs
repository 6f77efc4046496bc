namespace Jamforelse.Deploy.Tests.Docker;

/// <summary>One instruction of a Dockerfile, continuation lines joined.</summary>
internal sealed record Instruction(string Keyword, string Arguments)
{
    public string[] Words => Arguments.Split((char[])[' ', '\t'], StringSplitOptions.RemoveEmptyEntries);

    /// <summary>COPY/ADD: the flags (--from=…), the sources and the destination.</summary>
    public (string[] Flags, string[] Sources, string Destination) Copy()
    {
        var flags = Words.TakeWhile(word => word.StartsWith("--", StringComparison.Ordinal)).ToArray();
        var paths = Words.Skip(flags.Length).ToArray();
        return (flags, paths[..^1].Select(Normalize).ToArray(), Normalize(paths[^1]));
    }

    public bool IsCopyFromContext => Keyword is "COPY" or "ADD" && !Copy().Flags.Any(flag => flag.StartsWith("--from", StringComparison.Ordinal));

    /// <summary>"./services/X/" as "services/X"; "." and "./" as "".</summary>
    public static string Normalize(string path)
    {
        var trimmed = path.Replace('\\', '/');
        while (trimmed.StartsWith("./", StringComparison.Ordinal))
        {
            trimmed = trimmed[2..];
        }
        return trimmed is "." ? "" : trimmed.TrimEnd('/');
    }
}

/// <summary>A stage: FROM image [AS name] and what follows it.</summary>
internal sealed record Stage(string Image, string? Name, IReadOnlyList<Instruction> Instructions);

/// <summary>A Dockerfile read as stages of instructions (enough of the syntax for the platform's own files).</summary>
internal static class Dockerfile
{
    public static IReadOnlyList<Stage> Parse(string text)
    {
        var instructions = new List<Instruction>();
        var pending = "";
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r').Trim();
            if (line.StartsWith('#') || (line.Length == 0 && pending.Length == 0))
            {
                continue;
            }
            if (line.EndsWith('\\'))
            {
                pending += line[..^1] + " ";
                continue;
            }
            var whole = (pending + line).Trim();
            pending = "";
            if (whole.Length == 0)
            {
                continue;
            }
            var space = whole.IndexOfAny([' ', '\t']);
            instructions.Add(space < 0
                ? new Instruction(whole.ToUpperInvariant(), "")
                : new Instruction(whole[..space].ToUpperInvariant(), whole[(space + 1)..].Trim()));
        }

        var stages = new List<Stage>();
        List<Instruction>? current = null;
        foreach (var instruction in instructions)
        {
            if (instruction.Keyword == "FROM")
            {
                var words = instruction.Words.Where(word => !word.StartsWith("--", StringComparison.Ordinal)).ToArray();
                current = [];
                stages.Add(new Stage(words[0], words.Length >= 3 && words[1].Equals("AS", StringComparison.OrdinalIgnoreCase) ? words[2] : null, current));
            }
            else
            {
                current?.Add(instruction);
            }
        }
        return stages;
    }
}
