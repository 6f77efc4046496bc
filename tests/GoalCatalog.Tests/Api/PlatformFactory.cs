using Jamforelse.GoalCatalog.Storage;
using Jamforelse.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Jamforelse.GoalCatalog.Tests.Api;

/// <summary>The embedded platform (see <see cref="PlatformFactoryBase"/>), with clients that say who edits.</summary>
public sealed class PlatformFactory : PlatformFactoryBase
{
    public GoalCatalogStore Store => Services.GetRequiredService<GoalCatalogStore>();

    public HttpClient CreateEditor(string user = "test-redaktör")
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Add("X-User", user);
        return client;
    }
}
