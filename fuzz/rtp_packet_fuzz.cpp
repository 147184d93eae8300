// libFuzzer target: RtpPacket::parse on arbitrary bytes, every accessor, every RFC 8285
// element, the extension readers, keyframe detection and descriptor views for each codec, RTX
// wrap/unwrap, and a rebuild through RtpPacketBuilder that must parse back to the same packet.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>
#include <vector>

#include "rtc/codecs/frame_info.hpp"
#include "rtc/codecs/keyframe.hpp"
#include "rtc/codecs/vp8_descriptor.hpp"
#include "rtc/codecs/vp9_descriptor.hpp"
#include "rtc/rtp/rtp_header_extensions.hpp"
#include "rtc/rtp/rtp_packet.hpp"
#include "rtc/rtp/rtp_packet_builder.hpp"
#include "rtc/rtp/rtp_rtcp_demux.hpp"
#include "rtc/rtp/rtx.hpp"

using namespace meet::rtc;  // NOLINT: a fuzz harness

namespace {

#define FUZZ_CHECK(cond)  \
  do {                    \
    if (!(cond)) abort(); \
  } while (0)

struct Element {
  uint8_t id;
  std::vector<uint8_t> data;
};

bool same(std::span<const uint8_t> a, std::span<const uint8_t> b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end());
}

void fuzz_codecs(std::span<const uint8_t> payload) {
  for (Codec c : {Codec::kOpus, Codec::kVp8, Codec::kVp9, Codec::kH264, Codec::kUnknown}) {
    (void)is_keyframe(c, payload);
  }
  std::vector<uint8_t> copy(payload.begin(), payload.end());
  if (auto d = Vp8Descriptor::parse(copy)) {
    FUZZ_CHECK(d->size() <= copy.size());
    (void)d->non_reference();
    (void)d->partition_id();
    (void)d->temporal_id();
    (void)d->layer_sync();
    (void)d->key_index();
    FUZZ_CHECK(d->is_keyframe() == is_keyframe(Codec::kVp8, payload));
    if (vp8_keyframe_size(payload)) FUZZ_CHECK(d->is_keyframe());
    const uint16_t id = d->picture_id();
    const uint8_t tl0 = d->tl0picidx();
    if (d->set_picture_id(static_cast<uint16_t>(id + 1))) {
      FUZZ_CHECK(d->picture_id() == ((id + 1) & (d->picture_id_bits() == 15 ? 0x7fff : 0x7f)));
    }
    if (d->set_tl0picidx(static_cast<uint8_t>(tl0 + 1))) {
      FUZZ_CHECK(d->tl0picidx() == static_cast<uint8_t>(tl0 + 1));
    }
    // Rewriting never changes the layout.
    auto again = Vp8Descriptor::parse(copy);
    FUZZ_CHECK(again.ok() && again->size() == d->size());
  }
  for (Codec c : {Codec::kVp8, Codec::kVp9, Codec::kH264}) {
    FUZZ_CHECK(frame_info(c, payload).keyframe == is_keyframe(c, payload));
  }
  copy.assign(payload.begin(), payload.end());
  Vp9LayerInfo layers;
  const bool read = vp9_layer_info(payload, layers);
  FUZZ_CHECK(read == Vp9Descriptor::parse(copy).ok());
  if (auto d = Vp9Descriptor::parse(copy)) {
    // The read-only layer reader agrees with the view.
    FUZZ_CHECK(layers.spatial_id == d->spatial_id() && layers.temporal_id == d->temporal_id());
    FUZZ_CHECK(layers.switching_up == d->switching_up_point());
    FUZZ_CHECK(layers.inter_layer == d->inter_layer_predicted());
    FUZZ_CHECK(layers.end_of_layer == d->end_of_frame() && layers.keyframe == d->is_keyframe());
    FUZZ_CHECK(layers.picture_id == d->picture_id());
    if (d->has_resolutions()) {
      FUZZ_CHECK(layers.sizes == std::min(d->spatial_layer_count(), Vp9LayerInfo::kMaxSizes));
      for (size_t i = 0; i < layers.sizes; ++i) FUZZ_CHECK(layers.height[i] == d->height(i));
    } else {
      FUZZ_CHECK(layers.sizes == 0);
    }
    FUZZ_CHECK(d->size() <= copy.size());
    (void)d->temporal_id();
    (void)d->spatial_id();
    (void)d->switching_up_point();
    (void)d->inter_layer_predicted();
    for (size_t i = 0; i < d->reference_count(); ++i) (void)d->reference_diff(i);
    if (d->has_resolutions()) {
      for (size_t i = 0; i < d->spatial_layer_count(); ++i) {
        (void)d->width(i);
        (void)d->height(i);
      }
    }
    FUZZ_CHECK(d->is_keyframe() == is_keyframe(Codec::kVp9, payload));
    (void)d->set_picture_id(static_cast<uint16_t>(d->picture_id() + 1));
    (void)d->set_tl0picidx(static_cast<uint8_t>(d->tl0picidx() + 1));
    auto again = Vp9Descriptor::parse(copy);
    FUZZ_CHECK(again.ok() && again->size() == d->size());
  }
}

void fuzz_rtx(const RtpPacket& p) {
  std::vector<uint8_t> out(p.size() + 2);
  auto rtx = build_rtx(p, 0x12345678, 97, 4242, out);
  FUZZ_CHECK(rtx.ok());
  FUZZ_CHECK(rtx_original_sequence_number(*rtx) == p.sequence_number());
  auto back = unwrap_rtx(*rtx, p.ssrc(), p.payload_type());
  FUZZ_CHECK(back.ok());
  FUZZ_CHECK(back->padding_size() == 0);
  FUZZ_CHECK(back->header_size() == p.header_size());
  FUZZ_CHECK(same(back->payload(), p.payload()));
  FUZZ_CHECK(same(back->bytes().subspan(1, p.header_size() - 1),
                  p.bytes().subspan(1, p.header_size() - 1)));
}

void fuzz_rebuild(const RtpPacket& p, const std::vector<Element>& elements) {
  if (p.extension_form() == RtpExtensionForm::kOther) return;
  if (elements.size() > RtpPacketBuilder::kMaxExtensions) return;
  RtpPacketBuilder b;
  b.set_marker(p.marker())
      .set_payload_type(p.payload_type())
      .set_sequence_number(p.sequence_number())
      .set_timestamp(p.timestamp())
      .set_ssrc(p.ssrc())
      .set_payload(p.payload())
      .set_padding(static_cast<uint8_t>(p.padding_size()));
  for (size_t i = 0; i < p.csrc_count(); ++i) FUZZ_CHECK(b.add_csrc(p.csrc(i)));
  for (const Element& e : elements) FUZZ_CHECK(b.add_extension(e.id, e.data));
  if (p.extension_form() != RtpExtensionForm::kNone) b.set_extension_form(p.extension_form());
  std::vector<uint8_t> out(b.size());
  auto q = b.write(out);
  FUZZ_CHECK(q.ok());
  FUZZ_CHECK(q->marker() == p.marker() && q->payload_type() == p.payload_type());
  FUZZ_CHECK(q->sequence_number() == p.sequence_number() && q->timestamp() == p.timestamp());
  FUZZ_CHECK(q->ssrc() == p.ssrc() && q->csrc_count() == p.csrc_count());
  FUZZ_CHECK(same(q->payload(), p.payload()));
  FUZZ_CHECK(q->padding_size() == p.padding_size());
  std::vector<Element> back;
  q->for_each_extension([&](uint8_t id, std::span<const uint8_t> d) {
    back.push_back({id, std::vector<uint8_t>(d.begin(), d.end())});
  });
  FUZZ_CHECK(back.size() == elements.size());
  for (size_t i = 0; i < back.size(); ++i) {
    FUZZ_CHECK(back[i].id == elements[i].id && back[i].data == elements[i].data);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::vector<uint8_t> buf(data, data + size);
  (void)is_rtcp(buf);
  auto parsed = RtpPacket::parse(buf);
  if (!parsed) return 0;
  RtpPacket& p = parsed.value();

  FUZZ_CHECK(p.header_size() + p.payload_size() + p.padding_size() == p.size());
  for (size_t i = 0; i < p.csrc_count(); ++i) (void)p.csrc(i);
  (void)p.extension_profile();
  (void)p.extension_block();

  std::vector<Element> elements;
  p.for_each_extension([&](uint8_t id, std::span<const uint8_t> d) {
    FUZZ_CHECK(d.data() >= p.bytes().data() && d.data() + d.size() <= p.bytes().data() + p.size());
    elements.push_back({id, std::vector<uint8_t>(d.begin(), d.end())});
  });
  for (const Element& e : elements) {
    auto found = p.extension(e.id);
    FUZZ_CHECK(found.has_value());
  }
  for (unsigned id = 1; id < 256; ++id) {
    const auto x = static_cast<uint8_t>(id);
    (void)read_mid(p, x);
    (void)read_rid(p, x);
    (void)read_repaired_rid(p, x);
    if (auto t = read_abs_send_time(p, x)) FUZZ_CHECK(*t < (1u << 24));
    (void)read_audio_level(p, x);
    if (auto seq = read_transport_sequence_number(p, x)) {
      FUZZ_CHECK(write_transport_sequence_number(p, x, static_cast<uint16_t>(*seq + 1)));
      FUZZ_CHECK(read_transport_sequence_number(p, x) == static_cast<uint16_t>(*seq + 1));
      FUZZ_CHECK(write_transport_sequence_number(p, x, *seq));
    }
    if (p.extension_form() == RtpExtensionForm::kOneByte && id > 15) break;
  }

  fuzz_codecs(p.payload());
  fuzz_rebuild(p, elements);
  fuzz_rtx(p);
  return 0;
}
