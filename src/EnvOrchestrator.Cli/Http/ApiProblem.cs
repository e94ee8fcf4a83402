using System.Text.Json;

namespace EnvOrchestrator.Cli.Http;

/// <summary>The service's RFC 7807 problem details, with its extensions naming the field and the rule.</summary>
internal sealed record ApiProblem(string? Type, string? Title, int? Status, string? Detail, string? Code, string? Field, string? Rule)
{
    public static ApiProblem Parse(int status, string? reason, string body)
    {
        try
        {
            var problem = JsonSerializer.Deserialize<ApiProblem>(body, ApiJson.Options);
            if (problem is not null && (problem.Title is not null || problem.Detail is not null))
            {
                return problem with { Status = problem.Status ?? status };
            }
        }
        catch (JsonException)
        {
            // Not problem details (a proxy's page, an empty body): described by the status alone below.
        }

        var detail = body.Length is > 0 and <= 500 ? body.Trim() : null;
        return new ApiProblem(null, reason ?? "Error", status, detail, null, null, null);
    }
}
