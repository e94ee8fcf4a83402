using System.Collections.Immutable;

namespace EnvOrchestrator.Core.Catalog;

/// <summary>
/// Where a catalog document came from: its file and the position of every path inside it
/// (<c>spec.resources[1].inputs.subnet_id</c> → line 12, column 18). Core knows no file format; loaders fill this in
/// so that validation errors can point at a line.
/// </summary>
public sealed record DocumentSource(string File, ImmutableDictionary<string, SourcePosition> Positions)
{
    public static DocumentSource None { get; } = new(string.Empty, ImmutableDictionary<string, SourcePosition>.Empty);

    /// <summary>The position of <paramref name="path"/>, or of its nearest ancestor that has one.</summary>
    public SourcePosition Locate(string path)
    {
        var current = path;
        while (true)
        {
            if (Positions.TryGetValue(current, out var position))
            {
                return position;
            }

            if (current.Length == 0)
            {
                return SourcePosition.Start;
            }

            current = Parent(current);
        }
    }

    private static string Parent(string path)
    {
        var cut = Math.Max(path.LastIndexOf('.'), path.LastIndexOf('['));
        return cut <= 0 ? string.Empty : path[..cut];
    }
}
