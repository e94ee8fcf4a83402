using EnvOrchestrator.Api.Http;
using EnvOrchestrator.Api.OpenApi;
using EnvOrchestrator.Lifecycle;
using EnvOrchestrator.Lifecycle.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace EnvOrchestrator.Api.Endpoints;

/// <summary>
/// <c>/api/templates</c>: the environment templates (<c>?project=</c> narrows to those shared with a project, checked
/// through the project access seam) and one template with its input schema.
/// </summary>
internal static class TemplatesEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        var templates = api.MapGroup("/templates").WithTags(OpenApiTags.Templates);
        templates.MapGet("/", ListAsync)
            .WithName("ListTemplates")
            .WithSummary("List environment templates")
            .WithQueryParameter("project", "Only the templates shared with this project (and the caller must be allowed to read in it).")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden);
        templates.MapGet("/{template}", GetAsync)
            .WithName("GetTemplate")
            .WithSummary("Show a template with its input schema")
            .WithQueryParameter("version", "A version or range (e.g. `1.0.0`, `^1.2`); the highest active version when omitted.")
            .WithQueryParameter("project", "Refuse (403) unless the template is shared with this project.")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);
    }

    private static async Task<Results<Ok<IReadOnlyList<TemplateSummary>>, ProblemHttpResult>> ListAsync(
        string? project, HttpContext context, ProjectAccess access, IEnvironmentService service, CancellationToken cancellationToken)
    {
        var denied = await access.CheckCatalogAsync(context, project, cancellationToken).ConfigureAwait(false);
        return denied is not null ? denied : TypedResults.Ok(service.ListTemplates(project));
    }

    private static async Task<Results<Ok<TemplateDetails>, ProblemHttpResult>> GetAsync(
        string template, string? version, string? project, HttpContext context, ProjectAccess access, IEnvironmentService service, CancellationToken cancellationToken)
    {
        var denied = await access.CheckCatalogAsync(context, project, cancellationToken).ConfigureAwait(false);
        if (denied is not null)
        {
            return denied;
        }

        var result = service.GetTemplate(template, version);
        if (result.Succeeded && project is not null && !service.ListTemplates(project).Any(t => t.Name == template))
        {
            return Problems.Create(StatusCodes.Status403Forbidden, ProblemCodes.Forbidden, $"Template {template} is not shared with project '{project}'.", "template", "template.not-shared");
        }

        return result.Succeeded ? TypedResults.Ok(result.Value) : Problems.From(result.Problem);
    }
}
