// The media side of the mock server, run in a browser page: per participant a publisher
// connection that answers the client's offers and a subscriber connection that offers the
// other participants' tracks (forwarded browser-side). Driven by mock-server.mjs through
// page.evaluate. Not ICE-lite: its SDPs carry its gathered candidates; it learns the
// client's addresses from the client's connectivity checks (peer-reflexive).
const peers = new Map(); // participant id -> { pub, sub, subs: Map(track id -> transceiver) }
const tracks = new Map(); // participant id/track id -> { participantId, mediaStreamTrack }

function gathered(pc) {
  if (pc.iceGatheringState === 'complete') return Promise.resolve();
  return new Promise((resolve) => {
    const check = () => {
      if (pc.iceGatheringState === 'complete') {
        pc.removeEventListener('icegatheringstatechange', check);
        resolve();
      }
    };
    pc.addEventListener('icegatheringstatechange', check);
    setTimeout(resolve, 3000);
  });
}

window.sfu = {
  // Chromium gathers loopback candidates only in a page that was granted media access.
  async init() {
    const s = await navigator.mediaDevices.getUserMedia({ audio: true });
    for (const t of s.getTracks()) t.stop();
  },

  create(pid) {
    const config = { bundlePolicy: 'max-bundle', rtcpMuxPolicy: 'require' };
    peers.set(pid, { pub: new RTCPeerConnection(config), sub: new RTCPeerConnection(config), subs: new Map() });
  },

  // Answers a publisher offer; returns the answer and the m-lines that newly receive.
  async publish(pid, sdp) {
    const p = peers.get(pid);
    const before = new Set(p.pub.getTransceivers().map((t) => t.mid));
    await p.pub.setRemoteDescription({ type: 'offer', sdp });
    const answer = await p.pub.createAnswer();
    await p.pub.setLocalDescription(answer);
    await gathered(p.pub);
    const added = p.pub
      .getTransceivers()
      .filter((t) => !before.has(t.mid) && t.currentDirection !== 'inactive')
      .map((t) => ({ mid: t.mid, kind: t.receiver.track.kind }));
    return { sdp: p.pub.localDescription.sdp, added };
  },

  register(key, pid, mid) {
    const t = peers.get(pid).pub.getTransceivers().find((x) => x.mid === mid);
    if (t.receiver.track.kind === 'audio') {
      // Chromium forwards a received audio track to another connection only while it plays.
      const el = document.createElement('audio');
      el.autoplay = true;
      el.volume = 0;
      el.srcObject = new MediaStream([t.receiver.track]);
      document.body.append(el);
    }
    tracks.set(key, { participantId: pid, mediaStreamTrack: t.receiver.track });
  },

  // Offers `wanted` ([{key, trackId, participantId, kind}]; key = participant/track) on pid's subscriber connection.
  async subscriberOffer(pid, wanted) {
    const p = peers.get(pid);
    const keys = new Set(wanted.map((w) => w.key));
    for (const [key, tr] of p.subs) {
      if (keys.has(key)) continue;
      await tr.sender.replaceTrack(null);
      tr.direction = 'inactive';
      p.subs.delete(key);
    }
    for (const w of wanted) {
      if (p.subs.has(w.key) || !tracks.has(w.key)) continue;
      const tr = p.sub.addTransceiver(tracks.get(w.key).mediaStreamTrack, { direction: 'sendonly' });
      p.subs.set(w.key, tr);
    }
    if (p.sub.getTransceivers().length === 0) return null;
    const offer = await p.sub.createOffer();
    await p.sub.setLocalDescription(offer);
    await gathered(p.sub);
    return {
      sdp: p.sub.localDescription.sdp,
      tracks: wanted
        .filter((w) => p.subs.has(w.key))
        .map((w) => ({ mid: p.subs.get(w.key).mid, track_id: w.trackId, participant_id: w.participantId, kind: w.kind })),
    };
  },

  async subscriberAnswer(pid, sdp) {
    await peers.get(pid).sub.setRemoteDescription({ type: 'answer', sdp });
  },

  remove(pid) {
    const p = peers.get(pid);
    if (!p) return;
    p.pub.close();
    p.sub.close();
    peers.delete(pid);
    for (const [id, t] of tracks) if (t.participantId === pid) tracks.delete(id);
  },
};
