using EnvOrchestrator.Api.Http;
using EnvOrchestrator.Api.OpenApi;
using EnvOrchestrator.Api.Security;
using EnvOrchestrator.Lifecycle;
using EnvOrchestrator.Lifecycle.Catalog;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace EnvOrchestrator.Api.Endpoints;

/// <summary>
/// <c>/api/catalog</c>: which catalog is served (source, Git commit, when loaded, the last attempt's errors) for any
/// identified caller; <c>/api/catalog/refresh</c> reloads it now (platform-admin).
/// </summary>
internal static class CatalogEndpoints
{
    public static void Map(RouteGroupBuilder catalog)
    {
        catalog.MapGet("/", Get)
            .WithName("GetCatalog")
            .WithSummary("The catalog being served")
            .WithDescription("Its source (a folder, or a Git repository and ref), the commit, when it was loaded, and the errors of the last load attempt (a catalog with errors never replaces the one served).")
            .RequiresAccess(ProjectAction.Read);
        catalog.MapPost("/refresh", RefreshAsync)
            .WithName("RefreshCatalog")
            .WithSummary("Reload the catalog now")
            .WithDescription("Loads the source again (a Git ref is fetched and resolved again). 200 with the status when the new catalog is served or nothing changed; 422 with the errors when it is invalid (the previous catalog keeps serving).")
            .RequiresAccess(ProjectAction.Administer)
            .ProducesProblems(StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity);
    }

    private static Ok<CatalogStatus> Get(IServiceProvider services) =>
        TypedResults.Ok(services.GetService<ICatalogRefresher>()?.Status ?? CatalogStatus.Of(services.GetRequiredService<ITemplateCatalogSource>()));

    private static async Task<Results<Ok<CatalogStatus>, ProblemHttpResult>> RefreshAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        if (services.GetService<ICatalogRefresher>() is not { } refresher)
        {
            return Problems.Create(ProblemCodes.Conflict, "This host serves a fixed catalog; it cannot be refreshed.", null, "catalog.not-refreshable");
        }

        var status = await refresher.RefreshAsync(cancellationToken).ConfigureAwait(false);
        return status.LastErrors.Count == 0
            ? TypedResults.Ok(status)
            : Problems.Create(
                ProblemCodes.RuleViolated,
                $"The catalog at {status.Source} has errors; the previous one keeps serving:{Environment.NewLine}{string.Join(Environment.NewLine, status.LastErrors)}",
                null,
                "catalog.invalid");
    }
}
