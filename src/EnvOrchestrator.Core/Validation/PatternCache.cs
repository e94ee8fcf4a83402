using System.Collections.Concurrent;
using System.Text.RegularExpressions;

namespace EnvOrchestrator.Core.Validation;

/// <summary>
/// Compiles input patterns once. Patterns come from template authors, so matching has a timeout to bound
/// catastrophic backtracking.
/// </summary>
internal static class PatternCache
{
    private static readonly ConcurrentDictionary<string, (Regex? Regex, string? Error)> Cache = new(StringComparer.Ordinal);

    public static (Regex? Regex, string? Error) Get(string pattern) => Cache.GetOrAdd(pattern, static p =>
    {
        try
        {
            return (new Regex(p, RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(200)), null);
        }
        catch (ArgumentException e)
        {
            return (null, e.Message);
        }
    });
}
