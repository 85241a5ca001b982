using Ruichang.Dashboard.Features.Sources;
using Ruichang.Dashboard.Features.Sources.Articles;
using Ruichang.Dashboard.Features.Sources.Commentators;
using Ruichang.Dashboard.Features.Sources.Rankings;

namespace Ruichang.Dashboard.Tests.TestInfrastructure;

/// <summary>The items of a reading by kind, as adapter tests look at them (empty when the read has none of that kind).</summary>
public static class SourceReadingExtensions
{
    extension(SourceReading reading)
    {
        public IReadOnlyList<ArticleReading> Articles => reading.ItemsOf<ArticleItems>()?.Articles ?? [];

        public IReadOnlyList<CommentatorTaskReading> CommentatorTasks => reading.ItemsOf<CommentatorTaskItems>()?.Tasks ?? [];

        public IReadOnlyList<RankingReading> Rankings => reading.ItemsOf<RankingItems>()?.Rankings ?? [];
    }
}
