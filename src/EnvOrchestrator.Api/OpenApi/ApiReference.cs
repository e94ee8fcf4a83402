namespace EnvOrchestrator.Api.OpenApi;

/// <summary>Where the API describes itself: the OpenAPI document and the interactive docs that render it.</summary>
public static class ApiReference
{
    public const string DocumentName = "v1";

    /// <summary>The document's route; <c>{documentName}</c> is <see cref="DocumentName"/>.</summary>
    public const string DocumentRoute = "/openapi/{documentName}.json";

    public const string DocumentPath = "/openapi/" + DocumentName + ".json";

    public const string DocsPath = "/docs";

    public const string ProblemContentType = "application/problem+json";
}
