namespace EnvOrchestrator.Templates.Yaml;

/// <summary>Bounds on untrusted catalog files: a catalog is fetched from Git, so any file may be hostile.</summary>
public sealed record YamlLimits
{
    public static YamlLimits Default { get; } = new();

    /// <summary>Files larger than this are rejected unread.</summary>
    public long MaxFileBytes { get; init; } = 1024 * 1024;

    /// <summary>
    /// How many nodes aliases may add in one document in total. "Billion laughs" files expand a few lines into
    /// billions of nodes; real templates use aliases sparingly, if at all.
    /// </summary>
    public int MaxAliasExpansion { get; init; } = 10_000;

    /// <summary>Nesting deeper than this is rejected (it also bounds recursion).</summary>
    public int MaxDepth { get; init; } = 64;
}
