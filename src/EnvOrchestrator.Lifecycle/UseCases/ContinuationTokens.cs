using System.Buffers.Text;
using System.Text;
using EnvOrchestrator.Core.Environments;

namespace EnvOrchestrator.Lifecycle.UseCases;

/// <summary>
/// The continuation tokens callers see: the store's token bound to the list it continues (a project's environments,
/// or one environment's runs), base64url-encoded. A token that does not decode, or that continues another list, is
/// refused (400 naming <c>continuationToken</c>) rather than read by the store as a first page.
/// </summary>
internal static class ContinuationTokens
{
    public const string Field = "continuationToken";
    public const string Rule = "paging.continuation-token";

    private const int MaxLength = 4096;

    public static string EnvironmentsScope(ProjectName project) => "environments:" + project.Value;

    public static string RunsScope(EnvironmentId id) => $"runs:{id.Project.Value}/{id.Name.Value}";

    public static string? Encode(string scope, string? storeToken) =>
        storeToken is null ? null : Base64Url.EncodeToString(Encoding.UTF8.GetBytes(scope + "\n" + storeToken));

    /// <summary>The store's token in <paramref name="token"/> (null when there is none), or the problem that refuses it.</summary>
    public static (string? StoreToken, LifecycleProblem? Problem) Decode(string scope, string? token)
    {
        if (token is null)
        {
            return (null, null);
        }

        if (token.Length == 0 || token.Length > MaxLength || !Base64Url.IsValid(token))
        {
            return (null, Refused("is not a continuation token this service issued"));
        }

        string text;
        try
        {
            text = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(Base64Url.DecodeFromChars(token));
        }
        catch (Exception e) when (e is FormatException or DecoderFallbackException)
        {
            return (null, Refused("is not a continuation token this service issued"));
        }

        var separator = text.IndexOf('\n', StringComparison.Ordinal);
        if (separator < 0 || separator == text.Length - 1)
        {
            return (null, Refused("is not a continuation token this service issued"));
        }

        return text.AsSpan(0, separator).SequenceEqual(scope)
            ? (text[(separator + 1)..], null)
            : (null, Refused("continues another list; use the token from this list's last page"));
    }

    private static LifecycleProblem Refused(string why) =>
        new(ProblemCodes.InvalidRequest, $"The continuation token {why}; leave it out for the first page.", Field, Rule);
}
