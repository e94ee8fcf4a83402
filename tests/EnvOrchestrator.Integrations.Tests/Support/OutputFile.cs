namespace EnvOrchestrator.Integrations.Tests.Support;

/// <summary>
/// Reads <c>$GITHUB_OUTPUT</c> as the Actions runner does: <c>name=value</c> split at the first '=' (unless
/// <c>&lt;&lt;</c> comes first), or <c>name&lt;&lt;DELIMITER</c>, the value's lines, <c>DELIMITER</c>.
/// </summary>
internal static class OutputFile
{
    public static Dictionary<string, string> Parse(string text)
    {
        var outputs = new Dictionary<string, string>(StringComparer.Ordinal);
        var lines = text.Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.Length == 0)
            {
                continue;
            }

            var equals = line.IndexOf('=', StringComparison.Ordinal);
            var heredoc = line.IndexOf("<<", StringComparison.Ordinal);
            if (equals >= 0 && (heredoc < 0 || equals < heredoc))
            {
                outputs[line[..equals]] = line[(equals + 1)..];
                continue;
            }

            Assert.True(heredoc > 0, $"line {i + 1} of the output file is neither name=value nor name<<DELIMITER: {line}");
            var (name, delimiter) = (line[..heredoc], line[(heredoc + 2)..]);
            var end = Array.IndexOf(lines, delimiter, i + 1);
            Assert.True(end > i, $"output {name} has no closing delimiter {delimiter}");
            outputs[name] = string.Join('\n', lines[(i + 1)..end]);
            i = end;
        }

        return outputs;
    }
}
