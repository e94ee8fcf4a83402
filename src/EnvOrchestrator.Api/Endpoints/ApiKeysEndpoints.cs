using EnvOrchestrator.Api.Http;
using EnvOrchestrator.Api.OpenApi;
using EnvOrchestrator.Api.Security;
using EnvOrchestrator.Core.ApiKeys;
using EnvOrchestrator.Lifecycle;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace EnvOrchestrator.Api.Endpoints;

/// <summary>
/// <c>/api/admin/api-keys</c> (platform-admin only): create a key (its text is in the 201 answer and nowhere else,
/// ever), list keys (never a secret) and revoke one.
/// </summary>
internal static class ApiKeysEndpoints
{
    private const int MaxNameLength = 100;

    public static void Map(RouteGroupBuilder keys)
    {
        keys.MapPost("/", CreateAsync)
            .WithName("CreateApiKey")
            .WithSummary("Create an API key")
            .WithDescription("Stores the key hashed and answers its text once (`key`): keep it, it cannot be shown again. Grants: `platform-admin`, `delegate` (may send `X-EnvOrch-On-Behalf-Of`), `project:<name>:<viewer|developer|project-admin>`.")
            .WithJsonBody<CreateApiKeyRequest>()
            .WithRequestExample(new CreateApiKeyRequest("portal-bot", ["project:demo:developer", "delegate"], null))
            .WithResponseHeader(StatusCodes.Status201Created, "Location", "The key's URL (revoke it with DELETE).");
        keys.MapGet("/", ListAsync)
            .WithName("ListApiKeys")
            .WithSummary("List API keys (never their secrets)");
        keys.MapDelete("/{id}", RevokeAsync)
            .WithName("RevokeApiKey")
            .WithSummary("Revoke an API key")
            .WithDescription("The key is refused from the next request on; the record stays, marked revoked, with who and when.")
            .ProducesProblems(StatusCodes.Status404NotFound);
    }

    private static async Task<Results<Created<CreatedApiKey>, ProblemHttpResult>> CreateAsync(
        HttpContext context, ApiKeyService keys, TimeProvider time, CancellationToken cancellationToken)
    {
        var body = context.Body<CreateApiKeyRequest>();
        if (string.IsNullOrWhiteSpace(body.Name) || body.Name.Length > MaxNameLength || body.Name.Any(char.IsControl))
        {
            return Problems.Create(ProblemCodes.InvalidRequest, $"A name of 1–{MaxNameLength} printable characters is required, e.g. \"portal-bot\".", "name", "api-key.name");
        }

        if (body.Grants is null || body.Grants.Count == 0)
        {
            return Problems.Create(ProblemCodes.InvalidRequest, "At least one grant is required, e.g. \"project:demo:developer\".", "grants", "api-key.grants-required");
        }

        for (var i = 0; i < body.Grants.Count; i++)
        {
            if (AccessGrants.Validate(body.Grants[i]) is { } invalid)
            {
                return Problems.Create(ProblemCodes.InvalidRequest, invalid, $"grants[{i}]", "api-key.grant-invalid");
            }
        }

        if (body.ExpiresAt is { } expires && expires <= time.GetUtcNow())
        {
            return Problems.Create(ProblemCodes.InvalidRequest, "expiresAt must be in the future.", "expiresAt", "api-key.expiry-past");
        }

        var (record, key) = await keys.CreateAsync(body.Name.Trim(), [.. body.Grants.Select(g => g.Trim())], body.ExpiresAt, context.Caller().Name, cancellationToken).ConfigureAwait(false);
        context.Response.Headers.CacheControl = "no-store";
        return TypedResults.Created($"{ApiLinks.Root}/admin/api-keys/{record.Id}", CreatedApiKey.From(record, key));
    }

    private static async Task<Ok<IReadOnlyList<ApiKeyView>>> ListAsync(ApiKeyService keys, TimeProvider time, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        return TypedResults.Ok<IReadOnlyList<ApiKeyView>>([.. (await keys.ListAsync(cancellationToken).ConfigureAwait(false)).Select(k => ApiKeyView.From(k, now))]);
    }

    private static async Task<Results<Ok<ApiKeyView>, ProblemHttpResult>> RevokeAsync(
        string id, HttpContext context, ApiKeyService keys, TimeProvider time, CancellationToken cancellationToken)
    {
        var revoked = await keys.RevokeAsync(id, context.Caller().Name, cancellationToken).ConfigureAwait(false);
        return revoked is null
            ? Problems.Create(ProblemCodes.NotFound, $"There is no API key '{id}'.", "id", "api-key.not-found")
            : TypedResults.Ok(ApiKeyView.From(revoked, time.GetUtcNow()));
    }
}

/// <summary>Body of <c>POST /api/admin/api-keys</c>; without <c>expiresAt</c> the key does not expire.</summary>
public sealed record CreateApiKeyRequest(string? Name, IReadOnlyList<string>? Grants, DateTimeOffset? ExpiresAt = null);

/// <summary>A stored API key as listed: everything but the secret (which is not stored).</summary>
public sealed record ApiKeyView(
    string Id, string Name, IReadOnlyList<string> Grants, string CreatedBy, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt,
    bool Active, bool Revoked, DateTimeOffset? RevokedAt, string? RevokedBy)
{
    internal static ApiKeyView From(ApiKeyRecord key, DateTimeOffset now) =>
        new(key.Id, key.Name, key.Grants, key.CreatedBy, key.CreatedAt, key.ExpiresAt, key.IsActiveAt(now), key.Revoked, key.RevokedAt, key.RevokedBy);
}

/// <summary>A new API key: <see cref="Key"/> is its text, shown in this answer only.</summary>
public sealed record CreatedApiKey(string Id, string Name, IReadOnlyList<string> Grants, string CreatedBy, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, string Key)
{
    internal static CreatedApiKey From(ApiKeyRecord key, string text) =>
        new(key.Id, key.Name, key.Grants, key.CreatedBy, key.CreatedAt, key.ExpiresAt, text);
}
