using EnvOrchestrator.Api.Security;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace EnvOrchestrator.Api.OpenApi;

/// <summary>The document's title, description, tags and security schemes (API key, bearer, the development identity header).</summary>
internal sealed class ApiDocumentTransformer : IOpenApiDocumentTransformer
{
    public const string IdentityScheme = "envorchUser";
    public const string ApiKeyScheme = "apiKey";
    public const string BearerScheme = "bearer";
    public const string StateScheme = "terraformState";

    private static readonly (string Name, string Description)[] TagDescriptions =
    [
        (OpenApiTags.Templates, "The environment templates of the catalog."),
        (OpenApiTags.Environments, "Environments of a project and the actions on them."),
        (OpenApiTags.Runs, "The runs (deploy, update, destroy, retry) of an environment and their logs."),
        (OpenApiTags.Audit, "Who asked for what in a project, and every status change of its environments (append-only)."),
        (OpenApiTags.TerraformState, "Terraform's http state backend, used by the runs; Basic credentials per state address."),
        (OpenApiTags.Administration, "Platform administration (platform-admin only): API keys."),
    ];

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info = new OpenApiInfo
        {
            Title = "EnvOrchestrator API",
            Version = ApiReference.DocumentName,
            Description = """
                Create, inspect, extend and destroy environments built from the catalog's templates. Long operations
                answer 202 with the run to poll (`Location`) and its logs (`?follow=true` streams server-sent events).
                Every error is `application/problem+json` naming the field and the rule (`code`, `field`, `rule`).

                The Terraform http state backend (`/tfstate`) is served by the same process; its `LOCK` and `UNLOCK`
                methods are not in this document, because OpenAPI 3.1 can only describe the standard HTTP methods.
                """,
        };
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>(StringComparer.Ordinal);
        document.Components.SecuritySchemes[ApiKeyScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = ServiceRequestIdentity.ApiKeyHeader,
            Description = $"An API key (`eok_…`, created under /api/admin/api-keys). A caller whose key has the `delegate` grant may name the user it acts for in `{ProjectAccess.OnBehalfOfHeader}`.",
        };
        document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "JWT or API key",
            Description = "An Entra ID / OIDC access token for the configured audience (grants from the roles claim or group mapping), or an API key (`eok_…`).",
        };
        document.Components.SecuritySchemes[IdentityScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = HeaderRequestIdentity.UserHeader,
            Description = $"Development mode only (`Security:Mode=Development`; trusted as sent): the caller's name. Roles go in `{HeaderRequestIdentity.RolesHeader}`, e.g. `team-a=project-admin,team-b=viewer`.",
        };
        document.Components.SecuritySchemes[StateScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "basic",
            Description = "The per-address credential the orchestrator hands to Terraform (any user name; the password is the address's signed token).",
        };

        // Per operation rather than document-wide: the state backend has its own credential and liveness needs none.
        foreach (var operation in (document.Paths ?? []).Values.SelectMany(p => p.Operations?.Values.AsEnumerable() ?? []))
        {
            var tags = operation.Tags?.Select(t => t.Name).ToHashSet(StringComparer.Ordinal) ?? [];
            string[] schemes = tags.Contains(OpenApiTags.TerraformState) ? [StateScheme]
                : tags.Overlaps([OpenApiTags.Templates, OpenApiTags.Environments, OpenApiTags.Runs, OpenApiTags.Audit, OpenApiTags.Administration]) ? [ApiKeyScheme, BearerScheme, IdentityScheme]
                : [];
            if (schemes.Length > 0)
            {
                // Alternatives: any one of them identifies the caller.
                operation.Security = [.. schemes.Select(scheme => new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(scheme, document)] = [] })];
            }
        }

        document.Tags ??= new HashSet<OpenApiTag>();
        foreach (var (name, description) in TagDescriptions)
        {
            foreach (var generated in document.Tags.Where(t => t.Name == name).ToList())
            {
                document.Tags.Remove(generated);
            }

            document.Tags.Add(new OpenApiTag { Name = name, Description = description });
        }

        return Task.CompletedTask;
    }
}
