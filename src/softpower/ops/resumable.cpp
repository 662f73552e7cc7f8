#include "softpower/ops/resumable.hpp"

#include <utility>

#include "softpower/core/output_folder.hpp"

namespace softpower {

std::optional<Checkpoint> open_checkpoint(std::string_view operation, const Args& args,
                                          const std::vector<std::string>& inputs,
                                          const std::filesystem::path& out) {
  if (!args.flag("resume") || OutputCapture::current() != nullptr) return std::nullopt;
  return Checkpoint(out.empty() ? std::filesystem::path(args.text("out")) : out,
                    checkpoint_key(operation, args, inputs));
}

distributed::Resume resume_from(const std::optional<Checkpoint>& checkpoint,
                                const std::string& part) {
  distributed::Resume resume;
  if (!checkpoint) return resume;
  if (distributed::is_root()) resume.done = checkpoint->units(part);
  const Checkpoint* kept = &*checkpoint;
  resume.save = [kept, part](std::size_t unit, const std::string& bytes) {
    kept->save(part, unit, bytes);
  };
  return resume;
}

Operation spread_over_ranks(Operation recorded,
                            std::function<nlohmann::json(const Args&, Context&)> body) {
  recorded.distributed = true;
  recorded.run = [run = std::move(recorded.run), body = std::move(body)](const Args& args,
                                                                         Context& ctx) {
    return distributed::is_root() ? run(args, ctx) : body(args, ctx);
  };
  return recorded;
}

}  // namespace softpower
