using EnvOrchestrator.Api.Http;
using EnvOrchestrator.Api.OpenApi;
using EnvOrchestrator.Api.Security;
using EnvOrchestrator.Lifecycle;
using EnvOrchestrator.Lifecycle.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace EnvOrchestrator.Api.Endpoints;

/// <summary>
/// <c>/api/templates</c>: the environment templates (<c>?project=</c> narrows to those shared with a project, and the
/// caller must be allowed to read in it) and one template with its input schema.
/// </summary>
internal static class TemplatesEndpoints
{
    public static void Map(RouteGroupBuilder templates)
    {
        templates.MapGet("/", List)
            .WithName("ListTemplates")
            .WithSummary("List environment templates")
            .WithQueryParameter("project", "Only the templates shared with this project (and the caller must be allowed to read in it).")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden);
        templates.MapGet("/{template}", Get)
            .WithName("GetTemplate")
            .WithSummary("Show a template with its input schema")
            .WithQueryParameter("version", "A version or range (e.g. `1.0.0`, `^1.2`); the highest active version when omitted.")
            .WithQueryParameter("project", "Refuse (403) unless the template is shared with this project.")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);
        templates.MapGet("/{template}/environments", UsageAsync)
            .WithName("ListTemplateEnvironments")
            .WithSummary("Environments still using a template")
            .WithDescription("Every project's environments (not destroyed) made from the template, of one version when `version` is given: what deprecating or removing it affects. Platform-admin only; it scans the store.")
            .RequiresAccess(ProjectAction.Administer)
            .WithQueryParameter("version", "Only environments on this version (e.g. `1.0.0`).")
            .WithPaging()
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);
    }

    // Drafts are for platform admins to try: listed to them only.
    private static Ok<IReadOnlyList<TemplateSummary>> List(
        string? project, HttpContext context, IEnvironmentService service) =>
        TypedResults.Ok(service.ListTemplates(project, includeDrafts: context.Caller().IsPlatformAdmin));

    private static async Task<Results<Ok<TemplateUsagePage>, ProblemHttpResult>> UsageAsync(
        string template, string? version, string? pageSize, string? continuationToken, IEnvironmentService service, CancellationToken cancellationToken)
    {
        var (size, badSize) = QueryValues.PageSize(pageSize, ListEnvironmentsQuery.DefaultPageSize);
        if (badSize is not null)
        {
            return badSize;
        }

        var result = await service.ListTemplateUsageAsync(template, version, size!.Value, continuationToken, cancellationToken).ConfigureAwait(false);
        return result.Succeeded ? TypedResults.Ok(result.Value) : Problems.From(result.Problem);
    }

    private static Results<Ok<TemplateDetails>, ProblemHttpResult> Get(
        string template, string? version, string? project, IEnvironmentService service)
    {
        var result = service.GetTemplate(template, version);
        if (result.Succeeded && project is not null && !service.ListTemplates(project).Any(t => t.Name == template))
        {
            return Problems.Create(ProblemCodes.Forbidden, $"Template {template} is not shared with project '{project}'.", "template", "template.not-shared");
        }

        return result.Succeeded ? TypedResults.Ok(result.Value) : Problems.From(result.Problem);
    }
}
