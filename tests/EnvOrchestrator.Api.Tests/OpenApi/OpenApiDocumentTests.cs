using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using EnvOrchestrator.Testing.OpenApi;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;

namespace EnvOrchestrator.Api.Tests.OpenApi;

/// <summary>The OpenAPI document at <c>/openapi/v1.json</c>: valid, complete, and saying what the handlers really do.</summary>
[Collection(ApiHostGroup.Name)]
public sealed class OpenApiDocumentTests(ApiHost host)
{
    /// <summary>Routes left out on purpose; anything else missing from the document fails.</summary>
    private static readonly string[] Excluded =
    [
        // The document and the docs page that renders it (with its own scripts) describe the API; they are not part of it.
        "GET /docs/favicon.svg",
        "GET /docs/scalar.aspnetcore.js",
        "GET /docs/scalar.js",
        "GET /docs/{documentName?}",
        "GET /openapi/{documentName}.json",

        // OpenAPI 3.1 can describe only the standard HTTP methods; the document's description says so.
        "LOCK /tfstate/{workspace}/{stateName}",
        "UNLOCK /tfstate/{workspace}/{stateName}",
    ];

    [Fact(Timeout = 30_000)]
    public async Task GetDocument_Served_ParsesAsOpenApi31WithoutErrors()
    {
        var read = await FetchAsync();

        Assert.Empty(read.Diagnostic.Errors);
        Assert.Empty(read.Diagnostic.Warnings);
        Assert.Equal(OpenApiSpecVersion.OpenApi3_1, read.Diagnostic.SpecificationVersion);
        Assert.Equal("EnvOrchestrator API", read.Document.Info.Title);
        Assert.Contains("LOCK", read.Document.Info.Description, StringComparison.Ordinal);
    }

    [Fact(Timeout = 30_000)]
    public async Task GetDocument_EveryMappedEndpoint_DescribedExceptDeliberateExclusions()
    {
        var read = await FetchAsync();

        var undescribed = EndpointCoverage.Undescribed(host.Services.GetRequiredService<EndpointDataSource>(), read.Document);

        Assert.Equal(Excluded.Order(StringComparer.Ordinal), undescribed);
    }

    [Fact(Timeout = 30_000)]
    public async Task GetDocument_EveryOperation_HasUniqueOperationIdSummaryAndTag()
    {
        var read = await FetchAsync();

        var operations = Operations(read.Document).ToList();

        Assert.True(operations.Count >= 16, $"only {operations.Count} operations");
        Assert.All(operations, o =>
        {
            Assert.False(string.IsNullOrEmpty(o.Operation.OperationId), $"{o.Key} has no operationId");
            Assert.False(string.IsNullOrEmpty(o.Operation.Summary), $"{o.Key} has no summary");
            Assert.NotEmpty(o.Operation.Tags ?? new HashSet<OpenApiTagReference>());
        });
        Assert.Equal(operations.Count, operations.Select(o => o.Operation.OperationId).Distinct(StringComparer.Ordinal).Count());
    }

    [Fact(Timeout = 30_000)]
    public async Task GetDocument_ApiErrorResponses_UseProblemSchemaWithCodeFieldRuleAndValidExample()
    {
        var read = await FetchAsync();
        var raw = read.Raw;
        var problemSchema = raw["components"]!["schemas"]!["ProblemDetails"]!;

        Assert.All(new[] { "type", "title", "status", "detail", "code", "field", "rule" }, p => Assert.NotNull(problemSchema["properties"]![p]));
        var checkedResponses = 0;
        foreach (var (path, method, operation) in RawOperations(raw).Where(o => o.Path.StartsWith("/api/", StringComparison.Ordinal)))
        {
            var statuses = operation["responses"]!.AsObject().Select(r => int.Parse(r.Key, System.Globalization.CultureInfo.InvariantCulture)).ToList();
            Assert.Contains(401, statuses);
            foreach (var (status, response) in operation["responses"]!.AsObject().Where(r => r.Key[0] is '4' or '5'))
            {
                var content = response!["content"]!.AsObject();
                Assert.True(content.Count == 1 && content.ContainsKey("application/problem+json"), $"{method} {path} {status}: {string.Join(", ", content.Select(c => c.Key))}");
                var media = content["application/problem+json"]!;
                Assert.Equal("#/components/schemas/ProblemDetails", media["schema"]!["$ref"]!.GetValue<string>());
                var example = media["example"]!;
                Assert.Equal(int.Parse(status, System.Globalization.CultureInfo.InvariantCulture), example["status"]!.GetValue<int>());
                Assert.Empty(await OpenApiSchemas.ValidateAsync(raw, media["schema"]!, example.ToJsonString()));
                checkedResponses++;
            }
        }

        Assert.True(checkedResponses > 50, $"only {checkedResponses} problem responses");
    }

    [Fact(Timeout = 30_000)]
    public async Task GetDocument_CreateEnvironmentExample_ValidatesAgainstItsSchema()
    {
        var read = await FetchAsync();
        var media = RequestBody(read.Raw, "/api/projects/{project}/environments", "post");
        var example = media["example"]!.AsObject();

        var errors = await OpenApiSchemas.ValidateAsync(read.Raw, media["schema"]!, example.ToJsonString());
        var misspelled = example.DeepClone().AsObject();
        misspelled["tll"] = "4h";
        var misspelledErrors = await OpenApiSchemas.ValidateAsync(read.Raw, media["schema"]!, misspelled.ToJsonString());

        Assert.Empty(errors);
        Assert.Equal("web-stack@1.0.0", example["template"]!.GetValue<string>());

        // The API refuses unknown members, and so must the schema (else the check above proves nothing).
        Assert.NotEmpty(misspelledErrors);
    }

    [Fact(Timeout = 60_000)]
    public async Task CreateEnvironment_DocumentedExampleAndBadName_AnsweredAsDocumented()
    {
        var read = await FetchAsync();
        var create = read.Raw["paths"]!["/api/projects/{project}/environments"]!["post"]!;
        var example = create["requestBody"]!["content"]!["application/json"]!["example"]!.AsObject();
        var badName = example.DeepClone().AsObject();
        badName["name"] = "Bad Name";

        using var response = await host.Http.PostAsync("/api/projects/docs-team/environments", new StringContent(badName.ToJsonString(), Encoding.UTF8, "application/json"));
        var body = await response.Content.ReadAsStringAsync();
        var documented = create["responses"]!["400"]!["content"]![ApiHost.ContentType(response)!.MediaType!]!["schema"]!;

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(await OpenApiSchemas.ValidateAsync(read.Raw, documented, body));
        Assert.Equal("name", JsonNode.Parse(body)!["field"]!.GetValue<string>());
    }

    [Fact(Timeout = 30_000)]
    public async Task GetDocument_HeadersAndQueryValuesReadByHandlers_AreDescribed()
    {
        var read = await FetchAsync();
        var byId = Operations(read.Document).ToDictionary(o => o.Operation.OperationId!, o => o.Operation, StringComparer.Ordinal);

        var idempotencyKey = Parameter(byId["CreateEnvironment"], ParameterLocation.Header, "Idempotency-Key");
        var ifMatch = Parameter(byId["UpdateEnvironment"], ParameterLocation.Header, "If-Match");
        var follow = Parameter(byId["GetRunLogs"], ParameterLocation.Query, "follow");
        var purge = Parameter(byId["DestroyEnvironment"], ParameterLocation.Query, "purge");
        var pageSize = Parameter(byId["ListEnvironments"], ParameterLocation.Query, "pageSize");
        var logsOk = byId["GetRunLogs"].Responses!["200"].Content!;

        Assert.False(idempotencyKey.Required);
        Assert.True(ifMatch.Required);
        Assert.Equal(JsonSchemaType.Boolean, follow.Schema!.Type);
        Assert.Equal(JsonSchemaType.Boolean, purge.Schema!.Type);
        Assert.Equal(JsonSchemaType.Integer, pageSize.Schema!.Type);
        Assert.All(new[] { "ListEnvironments", "ListRuns" }, id => Parameter(byId[id], ParameterLocation.Query, "continuationToken"));
        Assert.Contains("Location", byId["CreateEnvironment"].Responses!["202"].Headers!.Keys);
        Assert.Contains("ETag", byId["GetEnvironment"].Responses!["200"].Headers!.Keys);
        Assert.Equal(["application/json", "text/event-stream"], logsOk.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("204", byId["DestroyEnvironment"].Responses!.Keys);
    }

    private Task<OpenApiDocumentReader> FetchAsync() => OpenApiDocumentReader.FetchAsync(host.Http, CancellationToken.None);

    private static IEnumerable<(string Key, OpenApiOperation Operation)> Operations(OpenApiDocument document) =>
        (document.Paths ?? []).SelectMany(p => (p.Value.Operations ?? []).Select(o => ($"{o.Key.Method} {p.Key}", o.Value)));

    private static IEnumerable<(string Path, string Method, JsonNode Operation)> RawOperations(JsonObject document) =>
        document["paths"]!.AsObject().SelectMany(p => p.Value!.AsObject().Where(o => o.Key != "parameters").Select(o => (p.Key, o.Key, o.Value!)));

    private static JsonNode RequestBody(JsonObject document, string path, string method) =>
        document["paths"]![path]![method]!["requestBody"]!["content"]!["application/json"]!;

    private static IOpenApiParameter Parameter(OpenApiOperation operation, ParameterLocation location, string name) =>
        Assert.Single(operation.Parameters ?? [], p => p.In == location && p.Name == name);
}
