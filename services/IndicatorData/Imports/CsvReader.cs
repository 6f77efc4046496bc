using System.Runtime.CompilerServices;
using System.Text;

namespace Jamforelse.IndicatorData.Imports;

/// <summary>A streaming RFC 4180 reader: comma or semicolon separated, quoted fields with "" escapes.</summary>
public static class CsvReader
{
    /// <summary>Each record with the line number it starts on (1-based).</summary>
    public static async IAsyncEnumerable<(int Line, string[] Fields)> ReadAsync(
        TextReader reader, char separator = ',', [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var fields = new List<string>();
        var field = new StringBuilder();
        var lineNumber = 0;
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            lineNumber++;
            var startLine = lineNumber;
            var inQuotes = false;
            fields.Clear();
            field.Clear();
            while (true)
            {
                for (var i = 0; i < line.Length; i++)
                {
                    var c = line[i];
                    if (inQuotes)
                    {
                        if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                        {
                            field.Append('"');
                            i++;
                        }
                        else if (c == '"')
                        {
                            inQuotes = false;
                        }
                        else
                        {
                            field.Append(c);
                        }
                    }
                    else if (c == '"' && field.Length == 0)
                    {
                        inQuotes = true;
                    }
                    else if (c == separator)
                    {
                        fields.Add(field.ToString());
                        field.Clear();
                    }
                    else
                    {
                        field.Append(c);
                    }
                }
                if (!inQuotes)
                {
                    break;
                }
                // A quoted field that spans lines.
                var next = await reader.ReadLineAsync(cancellationToken);
                if (next is null)
                {
                    break;
                }
                lineNumber++;
                field.Append('\n');
                line = next;
            }
            fields.Add(field.ToString());
            if (fields.Count == 1 && fields[0].Length == 0)
            {
                continue; // blank line
            }
            yield return (startLine, fields.ToArray());
        }
    }
}
