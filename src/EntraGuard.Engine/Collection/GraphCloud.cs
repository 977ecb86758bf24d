using System;

namespace EntraGuard.Collection
{
    /// <summary>The national clouds Microsoft Graph runs in (Connect-MgGraph's -Environment).</summary>
    public enum GraphCloud
    {
        Global,
        USGov,
        USGovDoD,
        China,
    }

    /// <summary>Where a cloud's sign-in authority and Graph service live.</summary>
    public sealed class GraphCloudEndpoints
    {
        private GraphCloudEndpoints(GraphCloud cloud, string authorityHost, string graphResource)
        {
            Cloud = cloud;
            AuthorityHost = new Uri(authorityHost);
            GraphResource = graphResource;
        }

        public GraphCloud Cloud { get; }

        /// <summary>The Entra ID sign-in authority (login.microsoftonline.com and its national twins).</summary>
        public Uri AuthorityHost { get; }

        /// <summary>Graph's root URL, also the resource that token scopes are qualified with.</summary>
        public string GraphResource { get; }

        public string GraphHost => new Uri(GraphResource).Host;

        public static GraphCloudEndpoints For(GraphCloud cloud) =>
            cloud switch
            {
                GraphCloud.Global => new(cloud, "https://login.microsoftonline.com/", "https://graph.microsoft.com"),
                GraphCloud.USGov => new(cloud, "https://login.microsoftonline.us/", "https://graph.microsoft.us"),
                GraphCloud.USGovDoD => new(
                    cloud,
                    "https://login.microsoftonline.us/",
                    "https://dod-graph.microsoft.us"
                ),
                GraphCloud.China => new(
                    cloud,
                    "https://login.chinacloudapi.cn/",
                    "https://microsoftgraph.chinacloudapi.cn"
                ),
                _ => throw new ArgumentOutOfRangeException(nameof(cloud), cloud, "Unknown Graph environment."),
            };
    }
}
