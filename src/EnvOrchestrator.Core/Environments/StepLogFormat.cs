using System.Text;

namespace EnvOrchestrator.Core.Environments;

/// <summary>
/// The byte format every <see cref="IStepLogStore"/> shares, so offsets mean the same in each: UTF-8 lines, each
/// ending with '\n'. Readers only hand out whole lines, so a reader never sees half a line, however the writer's
/// appends and the reader's ranges interleave.
/// </summary>
public static class StepLogFormat
{
    /// <summary>The most one read returns; a follower simply reads again.</summary>
    public const int MaxChunkBytes = 1024 * 1024;

    public static byte[] Encode(IReadOnlyList<string> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var builder = new StringBuilder();
        foreach (var line in lines)
        {
            foreach (var part in (line ?? string.Empty).ReplaceLineEndings("\n").Split('\n'))
            {
                builder.Append(part).Append('\n');
            }
        }

        return Encoding.UTF8.GetBytes(builder.ToString());
    }

    /// <summary>
    /// The whole lines in <paramref name="bytes"/> read from <paramref name="offset"/>. A trailing partial line is
    /// left for the next read unless it alone fills a whole chunk (one huge line), which is then returned as is.
    /// </summary>
    public static LogChunk Decode(ReadOnlySpan<byte> bytes, long offset)
    {
        var end = bytes.LastIndexOf((byte)'\n') + 1;
        if (end == 0 && bytes.Length >= MaxChunkBytes)
        {
            end = bytes.Length;
        }

        if (end == 0)
        {
            return new LogChunk([], offset);
        }

        var text = Encoding.UTF8.GetString(bytes[..end]);
        var lines = text.EndsWith('\n') ? text[..^1].Split('\n') : text.Split('\n');
        return new LogChunk([.. lines], offset + end);
    }
}
