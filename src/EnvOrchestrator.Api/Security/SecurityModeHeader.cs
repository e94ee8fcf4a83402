using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EnvOrchestrator.Api.Security;

/// <summary>In development mode, every response says that callers are not authenticated.</summary>
public static class SecurityModeHeader
{
    public const string Name = "X-EnvOrch-Security";
    public const string DevelopmentValue = "development-mode (callers are not authenticated)";

    /// <summary>Adds <see cref="Name"/> to every response when <c>Security:Mode</c> is Development; nothing otherwise.</summary>
    public static IApplicationBuilder UseEnvOrchestratorSecurityHeaders(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (!app.ApplicationServices.GetRequiredService<IOptions<SecurityOptions>>().Value.IsDevelopment)
        {
            return app;
        }

        return app.Use((context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                context.Response.Headers[Name] = DevelopmentValue;
                return Task.CompletedTask;
            });
            return next(context);
        });
    }
}
