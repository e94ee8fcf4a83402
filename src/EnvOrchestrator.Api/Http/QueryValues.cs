using Microsoft.AspNetCore.Http.HttpResults;

namespace EnvOrchestrator.Api.Http;

/// <summary>
/// Query values parsed by the endpoints themselves rather than by parameter binding, whose failures would be a bare
/// 400 without the problem details (field and rule) every error must carry.
/// </summary>
internal static class QueryValues
{
    public static (int? Value, ProblemHttpResult? Problem) PageSize(string? text, int fallback)
    {
        if (text is null)
        {
            return (fallback, null);
        }

        return int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value)
            ? (value, null)
            : (null, Problems.Create(Lifecycle.ProblemCodes.InvalidRequest, $"'{text}' is not a page size (a whole number).", "pageSize", "paging.page-size"));
    }

    public static (bool Value, ProblemHttpResult? Problem) Flag(string? text, string field) => text?.ToUpperInvariant() switch
    {
        null or "FALSE" or "0" => (false, null),
        "TRUE" or "1" or "" => (true, null),
        _ => (false, Problems.Create(Lifecycle.ProblemCodes.InvalidRequest, $"'{text}' is not true or false.", field, "query.boolean")),
    };
}
